/**
 * Output images: real files in the requested format and size, cheap to make. Each is a diagonal
 * gradient between two colours drawn from a hash of the run's fingerprint and the output index, so
 * equal inputs give byte-identical files and different inputs visibly different ones.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { OutputFormat } from './model';

export interface ImageRequest {
  fingerprint: string;
  index: number;
  width: number;
  height: number;
  format: OutputFormat;
  quality: number;
  /**
   * Set for go_fast (fp8) runs, which are not bit-exact on Replicate even with a seed: a small 8x8
   * corner patch takes a colour from it, so the file differs while the picture looks the same.
   */
  jitter?: number;
}

export const CONTENT_TYPES: Readonly<Record<OutputFormat, string>> = {
  webp: 'image/webp',
  jpg: 'image/jpeg',
  png: 'image/png',
};

const CACHE_LIMIT = 48;
/** Recently made images by request: repeated identical runs (benchmarks, cache tests) cost nothing. */
const cache = new Map<string, Promise<Buffer>>();

function pixels(seedBytes: Buffer, width: number, height: number): Buffer {
  // The colour depends only on x + y, so one lookup table per channel replaces per-pixel arithmetic.
  const span = Math.max(1, width + height - 2);
  const lut = Buffer.allocUnsafe((width + height) * 3);
  for (let d = 0; d < width + height; d++) {
    const t = Math.min(1, d / span);
    for (let c = 0; c < 3; c++) {
      const from = seedBytes[c] ?? 0;
      const to = seedBytes[c + 3] ?? 255;
      lut[d * 3 + c] = from + (to - from) * t;
    }
  }
  const out = Buffer.allocUnsafe(width * height * 3);
  const rowBytes = width * 3;
  for (let y = 0; y < height; y++) {
    // Row y is the table from diagonal y onwards.
    lut.copy(out, y * rowBytes, y * 3, y * 3 + rowBytes);
  }
  return out;
}

function stampJitter(out: Buffer, width: number, height: number, jitter: number): void {
  const colour = [jitter & 0xff, (jitter >> 8) & 0xff, (jitter >> 16) & 0xff];
  for (let y = 0; y < Math.min(8, height); y++) {
    for (let x = 0; x < Math.min(8, width); x++) {
      const offset = (y * width + x) * 3;
      out[offset] = colour[0] as number;
      out[offset + 1] = colour[1] as number;
      out[offset + 2] = colour[2] as number;
    }
  }
}

async function encode(request: ImageRequest): Promise<Buffer> {
  const seedBytes = createHash('sha256').update(`${request.fingerprint}\u0000${request.index}`).digest();
  const data = pixels(seedBytes, request.width, request.height);
  if (request.jitter !== undefined) stampJitter(data, request.width, request.height, request.jitter);
  const raw = sharp(data, {
    raw: { width: request.width, height: request.height, channels: 3 },
  });
  // Speed over size: effort 0 / compression 1 keep a 1 MP image around 10-20 ms.
  // PIL accepts quality 0 (the schema allows it); libvips starts at 1.
  const quality = Math.min(100, Math.max(1, Math.round(request.quality)));
  switch (request.format) {
    case 'webp':
      return raw.webp({ quality, effort: 0 }).toBuffer();
    case 'jpg':
      return raw.jpeg({ quality }).toBuffer();
    case 'png':
      return raw.png({ compressionLevel: 1 }).toBuffer();
  }
}

export function renderImage(request: ImageRequest): Promise<Buffer> {
  const key = JSON.stringify(request);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit); // refresh its place in the LRU order
    return hit;
  }
  const made = encode(request);
  cache.set(key, made);
  made.catch(() => cache.delete(key));
  while (cache.size > CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  return made;
}
