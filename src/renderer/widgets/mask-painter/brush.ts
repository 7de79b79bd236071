// Painting on the mask canvas. The mask is kept as white with an alpha channel (alpha = how much is
// repainted), which makes soft edges, erasing and the red overlay simple canvas operations; it becomes
// black-and-white pixels only when saved.

export interface Brush {
  /** Diameter in image pixels. */
  size: number;
  /** 0: a hard edge; 1: fades from the centre. */
  softness: number;
  erase: boolean;
}

export function dab(ctx: CanvasRenderingContext2D, x: number, y: number, brush: Brush): void {
  const radius = Math.max(0.5, brush.size / 2);
  const inner = radius * (1 - Math.min(0.95, Math.max(0, brush.softness)));
  const gradient = ctx.createRadialGradient(x, y, inner, x, y, radius);
  gradient.addColorStop(0, 'rgba(255,255,255,1)');
  gradient.addColorStop(1, 'rgba(255,255,255,0)');
  ctx.save();
  ctx.globalCompositeOperation = brush.erase ? 'destination-out' : 'source-over';
  ctx.fillStyle = gradient;
  ctx.beginPath();
  ctx.arc(x, y, radius, 0, Math.PI * 2);
  ctx.fill();
  ctx.restore();
}

/** Dabs along a segment, close enough together that a fast stroke stays continuous. */
export function stroke(ctx: CanvasRenderingContext2D, from: { x: number; y: number }, to: { x: number; y: number }, brush: Brush): void {
  const spacing = Math.max(1, brush.size * 0.15);
  const distance = Math.hypot(to.x - from.x, to.y - from.y);
  const steps = Math.max(1, Math.ceil(distance / spacing));
  for (let i = 1; i <= steps; i++) dab(ctx, from.x + ((to.x - from.x) * i) / steps, from.y + ((to.y - from.y) * i) / steps, brush);
}

export function fill(ctx: CanvasRenderingContext2D): void {
  ctx.save();
  ctx.globalCompositeOperation = 'source-over';
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.restore();
}

export function invert(ctx: CanvasRenderingContext2D): void {
  const { width, height } = ctx.canvas;
  const image = ctx.getImageData(0, 0, width, height);
  const data = image.data;
  for (let i = 0; i < data.length; i += 4) {
    data[i] = 255;
    data[i + 1] = 255;
    data[i + 2] = 255;
    data[i + 3] = 255 - data[i + 3]!;
  }
  ctx.putImageData(image, 0, 0);
}

/** Loads a black-and-white mask image into the alpha form (white -> opaque). */
export function loadMask(ctx: CanvasRenderingContext2D, image: CanvasImageSource): void {
  const { width, height } = ctx.canvas;
  ctx.clearRect(0, 0, width, height);
  ctx.drawImage(image, 0, 0, width, height);
  const pixels = ctx.getImageData(0, 0, width, height);
  const data = pixels.data;
  for (let i = 0; i < data.length; i += 4) {
    const luminance = Math.round(0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!);
    data[i] = 255;
    data[i + 1] = 255;
    data[i + 2] = 255;
    data[i + 3] = Math.round((luminance * data[i + 3]!) / 255);
  }
  ctx.putImageData(pixels, 0, 0);
}

/** The mask as the model reads it: white where it repaints, black where it keeps, as a lossless PNG. */
export function exportMaskPng(mask: HTMLCanvasElement): Promise<Blob> {
  const out = document.createElement('canvas');
  out.width = mask.width;
  out.height = mask.height;
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(mask, 0, 0);
  return new Promise((resolve, reject) => out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the mask could not be encoded as PNG'))), 'image/png'));
}

/** The share of the image the mask repaints, 0..1 (shown so the user knows a mask is not empty). */
export function coverage(ctx: CanvasRenderingContext2D): number {
  const { width, height } = ctx.canvas;
  const data = ctx.getImageData(0, 0, width, height).data;
  let sum = 0;
  for (let i = 3; i < data.length; i += 4) sum += data[i]!;
  return sum / (255 * width * height);
}
