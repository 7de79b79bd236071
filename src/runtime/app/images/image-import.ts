// images.import: an image from a file, the renderer's bytes (drop, paste), a URL or the cache goes into
// the blob store, and comes back base64 so the renderer can embed it in the workflow as an asset.
import { readFile, stat } from 'node:fs/promises';
import type { BlobStore } from '../../cache/blobs';
import { AppFailure } from '../app-failure';
import { acceptImage, MAX_IMPORT_BYTES, readLimited, tooLarge, type AcceptedImage } from './image-bytes';

export type ImportRequest =
  | { kind: 'dialog' }
  | { kind: 'bytes'; base64: string; name?: string | undefined }
  | { kind: 'url'; url: string }
  | { kind: 'blob'; sha256: string };

export interface ImportedImage {
  sha256: string;
  mediaType: string;
  width: number;
  height: number;
  size: number;
  data: string;
}

export interface ImageImportDeps {
  blobs: BlobStore;
  fetch: typeof fetch;
  chooseFile: (() => Promise<string | undefined>) | undefined;
}

export async function importImage(request: ImportRequest, deps: ImageImportDeps): Promise<ImportedImage | { canceled: true }> {
  switch (request.kind) {
    case 'dialog': {
      if (!deps.chooseFile) throw new AppFailure('this host has no file dialog: drop the image on the node, paste it, or give its URL', 'bad-request');
      const path = await deps.chooseFile();
      if (!path) return { canceled: true };
      return store(await acceptImage(await readImageFile(path), path), deps.blobs);
    }
    case 'bytes': {
      const label = request.name ? `"${request.name}"` : 'the dropped data';
      // Base64 is 4/3 of the bytes: refuse before decoding what would be too large anyway.
      if (request.base64.length > Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 4) throw tooLarge(label, (request.base64.length * 3) / 4);
      return store(await acceptImage(Buffer.from(request.base64, 'base64'), label), deps.blobs);
    }
    case 'url':
      return store(await acceptImage(await download(request.url, deps.fetch), request.url), deps.blobs);
    case 'blob': {
      const bytes = await deps.blobs.readVerified(request.sha256);
      return store(await acceptImage(bytes, `cached image ${request.sha256.slice(0, 12)}`), deps.blobs);
    }
  }
}

async function store(image: AcceptedImage, blobs: BlobStore): Promise<ImportedImage> {
  const put = await blobs.putImage(image.bytes, 'imported image');
  return { sha256: put.sha256, mediaType: image.mediaType, width: image.width, height: image.height, size: put.size, data: image.bytes.toString('base64') };
}

async function readImageFile(path: string): Promise<Buffer> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new AppFailure(`${path} is not a file`, 'bad-request');
    if (info.size > MAX_IMPORT_BYTES) throw tooLarge(path, info.size);
    return await readFile(path);
  } catch (error) {
    if (error instanceof AppFailure) throw error;
    throw new AppFailure(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'io');
  }
}

async function download(url: string, doFetch: typeof fetch): Promise<Buffer> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new AppFailure(`only http and https URLs can be imported, not ${parsed.protocol}`, 'bad-request');
  let response: Response;
  try {
    response = await doFetch(parsed.href, { redirect: 'follow', signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    throw new AppFailure(`cannot download ${url}: ${(error as Error).message}`, 'io');
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new AppFailure(`${url} answered HTTP ${response.status}`, 'io');
  }
  return readLimited(response, MAX_IMPORT_BYTES, url);
}
