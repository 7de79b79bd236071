// images.save: writes a cached image to a file the user chose, atomically (a half-written file never
// replaces one that was there; the user chose this path, in a dialog that asked before replacing, or typed
// it). The extension follows the bytes, not the suggested name. With a provenance, it is embedded as in
// the files a run writes (the pixels are never re-encoded).
import { extname } from 'node:path';
import type { BlobStore } from '../../cache/blobs';
import { embedProvenance, type Provenance } from '../../provenance';
import { writeFileAtomic } from '../../storage/atomic';
import { AppFailure } from '../app-failure';

const EXTENSIONS: Record<string, string> = { 'image/png': '.png', 'image/jpeg': '.jpg', 'image/webp': '.webp', 'image/gif': '.gif' };

export async function exportImage(blobs: BlobStore, sha256: string, target: string, provenance?: Provenance): Promise<string> {
  const info = await blobs.info(sha256);
  if (!info) throw new AppFailure(`image ${sha256.slice(0, 12)}… is not in the cache any more (it may have been evicted): run the workflow again`, 'not-found');
  const extension = EXTENSIONS[info.mediaType] ?? '';
  const path = extname(target) ? target : `${target}${extension}`;
  const bytes = await blobs.readVerified(sha256);
  await writeFileAtomic(path, provenance ? embedProvenance(bytes, provenance) : bytes);
  return path;
}

export function suggestedImageName(suggested: string, mediaType: string): string {
  return extname(suggested) ? suggested : `${suggested}${EXTENSIONS[mediaType] ?? ''}`;
}
