// The size of the image a FLUX call will produce, as cog-flux computes it, so the UI can show the real
// output size before anything runs.
import type { ImageSize } from '../values';

export const ASPECT_RATIOS = ['1:1', '16:9', '21:9', '3:2', '2:3', '4:5', '5:4', '3:4', '4:3', '9:16', '9:21'] as const;
export const MEGAPIXELS = ['1', '0.25'] as const;

const ONE_MEGAPIXEL: Record<(typeof ASPECT_RATIOS)[number], ImageSize> = {
  '1:1': { width: 1024, height: 1024 },
  '16:9': { width: 1344, height: 768 },
  '21:9': { width: 1536, height: 640 },
  '3:2': { width: 1216, height: 832 },
  '2:3': { width: 832, height: 1216 },
  '4:5': { width: 896, height: 1088 },
  '5:4': { width: 1088, height: 896 },
  '3:4': { width: 896, height: 1152 },
  '4:3': { width: 1152, height: 896 },
  '9:16': { width: 768, height: 1344 },
  '9:21': { width: 640, height: 1536 },
};

export const MIN_CUSTOM_SIDE = 256;
export const MAX_CUSTOM_SIDE = 1440;
/** The longest side of an output that follows an input image. */
export const MAX_IMAGE_SIDE = 1440;

export function roundUpTo16(n: number): number {
  return Math.ceil(n / 16) * 16;
}

export function aspectRatioSize(aspectRatio: string, megapixels: string): ImageSize | undefined {
  const base = ONE_MEGAPIXEL[aspectRatio as keyof typeof ONE_MEGAPIXEL];
  if (!base) return undefined;
  return megapixels === '0.25' ? { width: base.width / 2, height: base.height / 2 } : { ...base };
}

export function customSize(width: number, height: number): ImageSize {
  return { width: roundUpTo16(width), height: roundUpTo16(height) };
}

/** An output that follows an input image: longest side capped at 1440, both sides rounded up to 16. */
export function sizeFollowingImage(image: ImageSize): ImageSize {
  const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(image.width, image.height));
  return { width: roundUpTo16(image.width * scale), height: roundUpTo16(image.height * scale) };
}
