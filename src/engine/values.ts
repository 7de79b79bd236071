// The values that flow along edges while compiling. They are descriptions, never bytes: an image is a
// reference (the sha256 of known bytes, an upstream sampler's output, or a source still to be read).

export interface ImageSize {
  width: number;
  height: number;
}

/** Where the bytes of an image come from, before the runtime has read them. */
export type ImageSource =
  | { kind: 'asset'; sha256: string }
  | { kind: 'file'; path: string }
  | { kind: 'url'; url: string };

export type ImageRef =
  /** Bytes known by their sha256 (an asset, a file or URL the runtime has read, a derived mask). */
  | { blob: string }
  /** Output `index` of an upstream sampler; known once that call has run (or is a cache hit). */
  | { output: { node: string; index: number } }
  /** Bytes not read yet (compiling without the runtime): the call cannot have a key until they are. */
  | { pending: ImageSource; invert?: boolean };

/** Where a value sits among the calls sweeps made, when it reaches a node that gathers all of them. */
export interface SweepTag {
  position: Record<string, number>;
  /** "seed=7", one per swept param, upstream first. */
  labels: string[];
}

export interface ImageValue {
  kind: 'image';
  sweep?: SweepTag;
  ref: ImageRef;
  /** The node the image comes from (an image node or a sampler). */
  origin: string;
  size?: ImageSize;
}

export interface MaskValue {
  kind: 'mask';
  ref: ImageRef;
  origin: string;
  size?: ImageSize;
  /** The image the mask was painted over, when the mask node has one wired in. */
  paintedOver?: ImageValue;
}

export interface LoraLayer {
  node: string;
  source: string;
  scale: number;
  trigger?: string;
}

export interface LoraValue {
  kind: 'lora';
  /** Upstream first: the first layer fills the model's main LoRA slot. */
  stack: LoraLayer[];
}

export interface TextValue {
  kind: 'text';
  text: string;
  origin: string;
}

export interface InversionValue {
  kind: 'inversion';
  origin: string;
  image: ImageValue;
  mode: string;
  eta: number;
  startStep: number;
  endStep: number;
}

export interface ImagesValue {
  kind: 'images';
  sweep?: SweepTag;
  origin: string;
  /** How many images the sampler asks for (the safety checker may return fewer). */
  count: number;
  size?: ImageSize;
}

export type Value = TextValue | LoraValue | ImageValue | MaskValue | InversionValue | ImagesValue;
