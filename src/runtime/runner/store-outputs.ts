// A prediction's outputs, downloaded the moment it succeeds (Replicate deletes them an hour later) and
// streamed straight into the blob store, which names them by their hash, checks from the bytes that they
// are images and enforces its size limit. Width and height come from the stored file (sharp reads only
// its header).
import sharp from 'sharp';
import type { BlobStore } from '../cache/blobs';
import { blobPath } from '../cache/layout';
import { ProviderError } from '../providers/errors';
import type { Provider } from '../providers/provider';
import { StorageError } from '../storage/errors';
import type { OutputRef } from './events';

export async function storeOutputs(provider: Provider, blobs: BlobStore, urls: readonly string[], label: string, signal?: AbortSignal): Promise<OutputRef[]> {
  return Promise.all(
    urls.map(async (url, index) => {
      try {
        const put = await blobs.putStream(await provider.download(url, signal), `output ${index + 1} of ${label}`);
        const size = await imageSize(blobPath(blobs.layout, put.sha256));
        return { sha256: put.sha256, mediaType: put.mediaType, size: put.size, ...size };
      } catch (error) {
        // The blob store wraps whatever broke the stream; a download problem is the one to report.
        if (error instanceof StorageError && error.cause instanceof ProviderError) throw error.cause;
        throw error;
      }
    }),
  );
}

async function imageSize(path: string): Promise<{ width?: number; height?: number }> {
  try {
    const { width, height } = await sharp(path).metadata();
    return width && height ? { width, height } : {};
  } catch {
    // The bytes sniffed as an image but sharp cannot read the header: keep the image, skip its size.
    return {};
  }
}
