// Where the renderer finds an image: the host's image route for cached blobs (by sha256), or a data:
// URL for an asset embedded in the workflow.
import type { AssetEntry } from '../../engine';

let imageBase = '/images';

export function setImageBase(base: string): void {
  imageBase = base.replace(/\/$/, '');
}

export function blobUrl(sha256: string, thumb = false): string {
  return `${imageBase}/${sha256}${thumb ? '?thumb=256' : ''}`;
}

export function assetUrl(asset: AssetEntry): string {
  return `data:${asset.type};base64,${asset.data}`;
}

export function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error(`could not load the image ${src.startsWith('data:') ? '(embedded)' : src}`));
    image.src = src;
  });
}

/** Whether a picked, dropped or pasted file is an image Weft takes (PNG, JPEG, WebP). */
export function isImageFile(file: File): boolean {
  return /^image\/(png|jpeg|webp)$/.test(file.type) || /\.(png|jpe?g|webp)$/i.test(file.name);
}
