// What an image must be to enter the blob store from outside (a file, a drop, a paste, a URL): a PNG,
// JPEG or WebP, which is what a workflow may embed as an asset. A GIF is turned into a PNG of its first
// frame; anything else (SVG, HTML, a PDF renamed .png) is refused by its bytes, whatever its name says.
import sharp from 'sharp';
import { sniffImageType } from '../../cache/media-type';
import { AppFailure } from '../app-failure';

/** 32 MB: far above any photo a FLUX model takes, small enough to embed base64 in a workflow. */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

export interface AcceptedImage {
  bytes: Buffer;
  mediaType: 'image/png' | 'image/jpeg' | 'image/webp';
  width: number;
  height: number;
}

export async function acceptImage(bytes: Buffer, label: string): Promise<AcceptedImage> {
  if (bytes.length > MAX_IMPORT_BYTES) throw tooLarge(label, bytes.length);
  const sniffed = sniffImageType(bytes);
  if (!sniffed) throw new AppFailure(`${label} is not a PNG, JPEG, WebP or GIF image`, 'bad-request');
  try {
    const converted = sniffed === 'image/gif' ? await sharp(bytes).png().toBuffer() : bytes;
    const mediaType = sniffed === 'image/gif' ? 'image/png' : sniffed;
    const meta = await sharp(converted).metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions');
    // Decode every pixel once: a file cut short or damaged past its header is refused here, not when a
    // thumbnail or the model trips over it later.
    await sharp(converted, { failOn: 'truncated' }).stats();
    return { bytes: converted, mediaType, width: meta.width, height: meta.height };
  } catch {
    throw new AppFailure(`${label} looks like an image but cannot be decoded (is it damaged?)`, 'bad-request');
  }
}

export function tooLarge(label: string, size: number): AppFailure {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1);
  return new AppFailure(`${label} is ${mb(size)} MB; images up to ${mb(MAX_IMPORT_BYTES)} MB can be imported`, 'bad-request');
}

/** Reads a response body, stopping as soon as it passes `max` bytes (a lying Content-Length included). */
export async function readLimited(response: Response, max: number, label: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > max) {
    await response.body?.cancel();
    throw tooLarge(label, declared);
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel();
      throw tooLarge(label, total);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
