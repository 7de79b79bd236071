/**
 * Output sizes, as cog-flux computes them (replicate.md, "Aspect ratios at 1 MP").
 */

export const ASPECT_RATIO_SIZES: Readonly<Record<string, readonly [number, number]>> = {
  '1:1': [1024, 1024],
  '16:9': [1344, 768],
  '21:9': [1536, 640],
  '3:2': [1216, 832],
  '2:3': [832, 1216],
  '4:5': [896, 1088],
  '5:4': [1088, 896],
  '3:4': [896, 1152],
  '4:3': [1152, 896],
  '9:16': [768, 1344],
  '9:21': [640, 1536],
};

/** The longest side an input image keeps before the model scales it down. */
export const MAX_IMAGE_SIDE = 1440;

export interface Size {
  width: number;
  height: number;
}

/** cog-flux's make_multiple_of_16: rounds UP (1000 becomes 1008). */
export function roundUpTo16(n: number): number {
  return Math.ceil(n / 16) * 16;
}

/** Size for a named aspect ratio; megapixels "0.25" halves both sides (integer division, as in Python). */
export function sizeFromAspectRatio(aspectRatio: string, megapixels: string): Size {
  const entry = ASPECT_RATIO_SIZES[aspectRatio];
  if (!entry) throw new Error(`no size for aspect ratio ${aspectRatio}`);
  const [width, height] = entry;
  return megapixels === '0.25' ? { width: Math.floor(width / 2), height: Math.floor(height / 2) } : { width, height };
}

/**
 * Size of the output when an input image is given: the image's own size, scaled down so neither side
 * exceeds 1440 (truncating, like Python's int()), then each side rounded up to a multiple of 16.
 */
export function sizeFollowingImage(image: Size): Size & { scaled: Size } {
  const scale = Math.min(MAX_IMAGE_SIDE / image.width, MAX_IMAGE_SIDE / image.height, 1);
  const scaled =
    scale < 1
      ? { width: Math.trunc(image.width * scale), height: Math.trunc(image.height * scale) }
      : { width: image.width, height: image.height };
  return { width: roundUpTo16(scaled.width), height: roundUpTo16(scaled.height), scaled };
}
