/**
 * How a predictor gets its `image` / `mask`: Cog downloads every file input before predict() runs, and
 * the model opens it with PIL. The emulator can only "download" what it holds itself (its files API, its
 * delivery URLs) or what the URL carries (data: URIs); anything else fails the prediction, as a URL that
 * cannot be fetched does on Replicate. Bytes that are not an image fail when the model opens them.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { DeliveryStore } from './delivery-store';
import type { FilesStore } from './files-store';
import type { InputImage, ResolvedInputs } from './model';

export interface DownloadedInput {
  readonly url: string;
  readonly fileName: string;
  readonly bytes: Buffer;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export interface InputSources {
  /** The emulator's own origin, e.g. http://127.0.0.1:4010 */
  readonly origin: string;
  readonly files: FilesStore;
  readonly delivery: DeliveryStore;
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

function decodeDataUri(uri: string): Buffer | undefined {
  const match = /^data:([^,]*),(.*)$/s.exec(uri);
  if (!match) return undefined;
  const meta = match[1] ?? '';
  const data = match[2] ?? '';
  return meta.endsWith(';base64') ? Buffer.from(data, 'base64') : Buffer.from(decodeURIComponent(data), 'utf8');
}

function isOwnOrigin(url: URL, origin: URL): boolean {
  const loopback = (host: string) => host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  return url.protocol === origin.protocol && url.port === origin.port && loopback(url.hostname) && loopback(origin.hostname);
}

function couldNotDownload(input: string, url: string): Outcome<DownloadedInput> {
  return { ok: false, error: `Failed to download input "${input}": ${url} could not be downloaded` };
}

export function downloadInput(input: string, url: string, sources: InputSources): Outcome<DownloadedInput> {
  if (url.startsWith('data:')) {
    const bytes = decodeDataUri(url);
    if (!bytes) return couldNotDownload(input, url.slice(0, 64));
    const mime = /^data:([^;,]*)/.exec(url)?.[1] ?? '';
    return { ok: true, value: { url, fileName: `${input}.${EXTENSIONS[mime] ?? 'bin'}`, bytes } };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return couldNotDownload(input, url);
  }
  if (!isOwnOrigin(parsed, new URL(sources.origin))) return couldNotDownload(input, url);
  const fileMatch = /^\/v1\/files\/([a-z0-9]+)(?:\/download)?\/?$/.exec(parsed.pathname);
  if (fileMatch) {
    const file = sources.files.get(fileMatch[1] as string);
    if (!file) return couldNotDownload(input, url);
    return { ok: true, value: { url, fileName: file.name, bytes: file.bytes } };
  }
  const delivered = sources.delivery.get(parsed.pathname);
  if (delivered) {
    return { ok: true, value: { url, fileName: parsed.pathname.split('/').pop() ?? 'file', bytes: delivered.bytes } };
  }
  return couldNotDownload(input, url);
}

/** Opens downloaded bytes as an image, failing with PIL's message when they are not one. */
export async function identifyImage(file: DownloadedInput): Promise<Outcome<InputImage>> {
  try {
    const meta = await sharp(file.bytes).metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions');
    // PIL's Image.open reports the stored size and ignores EXIF orientation; so does this.
    return {
      ok: true,
      value: {
        url: file.url,
        fileName: file.fileName,
        bytes: file.bytes,
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
        width: meta.width,
        height: meta.height,
      },
    };
  } catch {
    return { ok: false, error: `cannot identify image file '/tmp/tmpinput/${file.fileName}'` };
  }
}

/**
 * The predictor's `image` and `mask`, downloaded and opened. Cog downloads every file input before
 * predict() runs, so a mask that cannot be downloaded fails even without an image; the model only
 * opens the mask when it has an image to inpaint.
 */
export async function resolveInputs(input: Readonly<Record<string, unknown>>, sources: InputSources): Promise<Outcome<ResolvedInputs>> {
  const downloaded: { image?: DownloadedInput; mask?: DownloadedInput } = {};
  for (const name of ['image', 'mask'] as const) {
    const url = input[name];
    if (typeof url !== 'string') continue;
    const outcome = downloadInput(name, url, sources);
    if (!outcome.ok) return outcome;
    downloaded[name] = outcome.value;
  }
  if (!downloaded.image) return { ok: true, value: {} };
  const image = await identifyImage(downloaded.image);
  if (!image.ok) return image;
  if (!downloaded.mask) return { ok: true, value: { image: image.value } };
  const mask = await identifyImage(downloaded.mask);
  if (!mask.ok) return mask;
  return { ok: true, value: { image: image.value, mask: mask.value } };
}
