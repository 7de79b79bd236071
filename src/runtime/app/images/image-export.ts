// images.save: copies a cached image to a file the user chose, atomically (a half-written file never
// replaces one that was there). The extension follows the bytes, not the suggested name.
import { extname } from 'node:path';
import type { BlobStore } from '../../cache/blobs';
import { writeFileAtomic } from '../../storage/atomic';
import { AppFailure } from '../app-failure';

const EXTENSIONS: Record<string, string> = { 'image/png': '.png', 'image/jpeg': '.jpg', 'image/webp': '.webp', 'image/gif': '.gif' };

export async function exportImage(blobs: BlobStore, sha256: string, target: string): Promise<string> {
  const info = await blobs.info(sha256);
  if (!info) throw new AppFailure(`image ${sha256.slice(0, 12)}… is not in the cache any more (it may have been evicted): run the workflow again`, 'not-found');
  const extension = EXTENSIONS[info.mediaType] ?? '';
  const path = extname(target) ? target : `${target}${extension}`;
  await writeFileAtomic(path, await blobs.readVerified(sha256));
  return path;
}

export function suggestedImageName(suggested: string, mediaType: string): string {
  return extname(suggested) ? suggested : `${suggested}${EXTENSIONS[mediaType] ?? ''}`;
}
