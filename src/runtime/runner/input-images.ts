// Turning the images in a call's input into URLs the provider accepts. Each distinct image is sent once
// (the provider remembers its uploads); an upstream output that was just downloaded from a still-valid
// delivery URL is passed by that URL instead of being uploaded again.
import { imageRefsOf, type ImageRef, type OutputResolver } from '../../engine';
import type { BlobStore } from '../cache/blobs';
import { StorageError } from '../storage/errors';
import type { Provider } from '../providers/provider';

export interface InputImageContext {
  provider: Provider;
  blobs: BlobStore;
  resolveOutput: OutputResolver;
  /** A still-fresh provider URL for these bytes, if a call of this run produced them. */
  freshUrl: (sha256: string) => string | undefined;
  signal?: AbortSignal;
  /** Called once, before any upload, with how many images need a URL. */
  onUploading?: (images: number) => void;
}

export class InputImageError extends Error {
  override readonly name = 'InputImageError';
}

export async function sendableInput(input: Record<string, unknown>, context: InputImageContext): Promise<Record<string, unknown>> {
  const shas = [...new Set(imageRefsOf(input).map((ref) => shaOf(ref, context.resolveOutput)))];
  const urls = new Map<string, string>();
  const toUpload = shas.filter((sha) => {
    const fresh = context.freshUrl(sha);
    if (fresh) urls.set(sha, fresh);
    return !fresh;
  });
  if (toUpload.length > 0) context.onUploading?.(toUpload.length);
  await Promise.all(
    toUpload.map(async (sha) => {
      const info = await context.blobs.info(sha);
      if (!info) throw new InputImageError(`input image ${sha.slice(0, 12)}… is no longer in the cache (evicted?): compile and run again`);
      const read = () =>
        context.blobs.readVerified(sha).catch((error: unknown) => {
          throw error instanceof StorageError ? new InputImageError(error.message) : error;
        });
      urls.set(sha, await context.provider.uploadImage({ sha256: sha, mediaType: info.mediaType, read }, context.signal));
    }),
  );
  return replaceImages(input, (ref) => urls.get(shaOf(ref, context.resolveOutput))!) as Record<string, unknown>;
}

function shaOf(ref: ImageRef, resolveOutput: OutputResolver): string {
  if ('blob' in ref) return ref.blob;
  if ('output' in ref) {
    const sha = resolveOutput(ref.output.node, ref.output.index);
    if (sha) return sha;
    throw new InputImageError(`node ${ref.output.node} has no output ${ref.output.index + 1} (the safety checker may have dropped it)`);
  }
  throw new InputImageError('an input image was never read (it is still pending): compile with the runtime first');
}

function replaceImages(value: unknown, urlOf: (ref: ImageRef) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => replaceImages(item, urlOf));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if ('$image' in record) return urlOf(record.$image as ImageRef);
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, replaceImages(item, urlOf)]));
}
