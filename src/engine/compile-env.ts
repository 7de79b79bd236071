// What compile may know about the world without doing I/O itself. The runtime fills it in (reading image
// files, hashing bytes, drawing random seeds); the renderer may compile with less and gets pending keys.
import type { ImageSize, ImageSource } from './values';

export interface ImageFacts extends Partial<ImageSize> {
  sha256: string;
  mediaType?: string;
}

export type ImageLookup = ImageFacts | { error: string } | undefined;

export interface CompileEnv {
  /** The bytes behind an image source, if the runtime has read them; `{error}` if it could not. */
  image?(source: ImageSource): ImageLookup;
  /** The inverted mask made from the image with this sha256, if the runtime has made it. */
  invertedMask?(sha256: string): ImageLookup;
  /** A random seed in 1..MAX_SEED for a sampler whose seed is "random". */
  randomSeed(): number;
}
