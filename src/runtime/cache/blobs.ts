/**
 * Content-addressed image storage: `<root>/blobs/<aa>/<sha256>`.
 *
 * A blob's name is the sha256 of its bytes, so a name is a promise about content: bytes are written to
 * `<root>/tmp/`, fsynced, and only then renamed to their final name. A crash leaves at most a temp file
 * (swept later), never a short file under a real name. Storing bytes that are already there only
 * refreshes the blob's mtime, which doubles as its last-use time for eviction (atime is unreliable:
 * most systems mount with relatime or noatime).
 *
 * Many processes may share the folder (desktop app + CLI). Two writers of the same bytes both rename a
 * complete file to the same name - whichever lands last wins, and they are identical. Readers tolerate a
 * blob vanishing under them (a concurrent prune) as "not there".
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { StorageError, isErrno, removeFileIfPresent, toStorageError } from '../storage/errors';
import { nodeFs, type StorageFs, type WritableHandle } from '../storage/fs-seam';
import { renameReplacing, writeFully, writeTempFile } from '../storage/atomic';
import { sweepStaleTempFiles, tempPathFor } from '../storage/temp-files';
import { sha256Hex } from './hash';
import { blobIdOf, blobPath, cacheLayout, listFanout, type CacheLayout, type RemoveOutcome } from './layout';
import { SNIFF_BYTES, sniffImageType, type ImageMediaType } from './media-type';

export interface BlobInfo {
  sha256: string;
  size: number;
  mediaType: ImageMediaType;
}

export interface PutResult extends BlobInfo {
  /** False when the blob was already stored (it was only touched). */
  created: boolean;
}

export interface BlobStat {
  sha256: string;
  size: number;
  /** Last time the blob was stored or touched (its mtime), ms since the epoch. */
  lastUsedMs: number;
}

export type VerifyResult = 'ok' | 'missing' | 'corrupt';

export interface BlobStoreOptions {
  /** Clock for last-use times (tests pin it; eviction order must not depend on sleeping). */
  now?: () => number;
  /** Largest image accepted (default 256 MiB): a runaway download must not fill the disk. */
  maxBytes?: number;
  /** File-system seam for fault injection. */
  fs?: StorageFs;
  /** Called for every blob this store creates (not for dedupes): the cache keeps its running total so. */
  onCreated?: (size: number) => void;
}

export const DEFAULT_MAX_BLOB_BYTES = 256 * 1024 * 1024;

export class BlobStore {
  readonly layout: CacheLayout;
  private readonly now: () => number;
  private readonly maxBytes: number;
  private readonly fs: StorageFs;
  private readonly onCreated: ((size: number) => void) | undefined;

  constructor(root: string | CacheLayout, options: BlobStoreOptions = {}) {
    this.layout = typeof root === 'string' ? cacheLayout(root) : root;
    this.now = options.now ?? Date.now;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BLOB_BYTES;
    this.fs = options.fs ?? nodeFs;
    this.onCreated = options.onCreated;
  }

  /** Creates the folders and sweeps temp files abandoned by crashed writers. */
  static async open(root: string, options: BlobStoreOptions & { tempMaxAgeMs?: number } = {}): Promise<BlobStore> {
    const store = new BlobStore(root, options);
    await prepareFolders(store.layout, options.tempMaxAgeMs);
    return store;
  }

  /** Stores image bytes (PNG, JPEG, WebP or GIF; anything else is refused). */
  async putImage(bytes: Uint8Array, source = 'data'): Promise<PutResult> {
    const mediaType = sniffImageType(bytes);
    if (!mediaType) throw notAnImage(bytes, source);
    if (bytes.length > this.maxBytes) throw tooLarge(source, this.maxBytes);
    const sha256 = sha256Hex(bytes);
    const path = blobPath(this.layout, sha256);
    try {
      if (await this.touchIfComplete(path, bytes.length)) return { sha256, size: bytes.length, mediaType, created: false };
      const tmp = await writeTempFile(this.fs, this.layout.tmp, path, bytes);
      return { sha256, size: bytes.length, mediaType, created: await this.publish(tmp, path, bytes.length) };
    } catch (error) {
      throw toStorageError(error, path, 'write');
    }
  }

  /** Stores an image file from disk (e.g. an input image the user picked). */
  async putFile(filePath: string): Promise<PutResult> {
    let bytes: Buffer;
    try {
      const stat = await fsp.stat(filePath);
      if (stat.size > this.maxBytes) throw tooLarge(filePath, this.maxBytes);
      bytes = await fsp.readFile(filePath);
    } catch (error) {
      throw toStorageError(error, filePath, 'read');
    }
    return this.putImage(bytes, filePath);
  }

  /**
   * Stores an image arriving in chunks (a download), hashing as it goes so it is never held in memory
   * whole. The type is checked on the first bytes; the size limit is enforced as they arrive.
   */
  async putStream(chunks: AsyncIterable<Uint8Array>, source = 'download'): Promise<PutResult> {
    const tmp = tempPathFor(this.layout.tmp, 'stream');
    let handle: WritableHandle | undefined;
    let size = 0;
    const hash = createHash('sha256');
    let head = Buffer.alloc(0);
    try {
      handle = await this.openTemp(tmp);
      for await (const chunk of chunks) {
        if (size + chunk.length > this.maxBytes) throw tooLarge(source, this.maxBytes);
        if (head.length < SNIFF_BYTES) {
          head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
          // Refuse as soon as we know, rather than after downloading a large HTML error page.
          if (head.length >= SNIFF_BYTES && !sniffImageType(head)) throw notAnImage(head, source);
        }
        hash.update(chunk);
        await writeFully(handle, chunk, size, tmp);
        size += chunk.length;
      }
      const mediaType = sniffImageType(head);
      if (!mediaType) throw notAnImage(head, source);
      await handle.sync();
      await handle.close();
      handle = undefined;
      const sha256 = hash.digest('hex');
      const path = blobPath(this.layout, sha256);
      if (await this.touchIfComplete(path, size)) {
        await fsp.unlink(tmp).catch(() => {});
        return { sha256, size, mediaType, created: false };
      }
      return { sha256, size, mediaType, created: await this.publish(tmp, path, size) };
    } catch (error) {
      await handle?.close().catch(() => {});
      await fsp.unlink(tmp).catch(() => {});
      throw toStorageError(error, this.layout.blobs, 'write');
    }
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.stat(sha256)) !== null;
  }

  /** The blob's bytes. Not verified (see verify); throws StorageError('not-found') when absent. */
  async read(sha256: string): Promise<Buffer> {
    const path = blobPath(this.layout, sha256);
    try {
      return await fsp.readFile(path);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) {
        throw new StorageError('not-found', `image ${sha256} is not in the cache (it may have been evicted)`, path, 'ENOENT');
      }
      throw toStorageError(error, path, 'read');
    }
  }

  /**
   * The blob's bytes, checked against its name: for bytes that leave the cache (an upload, an export, an
   * import into a workflow), where a damaged blob, or a file planted under a blob's name (a symlink to
   * something private, say), must never pass for the image. Throws StorageError('corrupt') for those.
   */
  async readVerified(sha256: string): Promise<Buffer> {
    const bytes = await this.read(sha256);
    if (sha256Hex(bytes) === sha256) return bytes;
    throw new StorageError('corrupt', `cached image ${sha256.slice(0, 12)}… is damaged (its bytes no longer match its name): run the workflow again to remake it`, blobPath(this.layout, sha256));
  }

  async stat(sha256: string): Promise<BlobStat | null> {
    const path = blobPath(this.layout, sha256);
    try {
      const stat = await fsp.stat(path);
      return { sha256, size: stat.size, lastUsedMs: stat.mtimeMs };
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return null;
      throw toStorageError(error, path, 'read');
    }
  }

  /** Size and media type of a stored blob (reads only its first bytes), or null when absent. */
  async info(sha256: string): Promise<BlobInfo | null> {
    const path = blobPath(this.layout, sha256);
    let handle: fsp.FileHandle | undefined;
    try {
      handle = await fsp.open(path, 'r');
      const { size } = await handle.stat();
      const head = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
      const mediaType = sniffImageType(head.subarray(0, bytesRead));
      if (!mediaType) throw new StorageError('corrupt', `cached image ${sha256} is damaged`, path);
      return { sha256, size, mediaType };
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return null;
      throw toStorageError(error, path, 'read');
    } finally {
      await handle?.close().catch(() => {});
    }
  }

  /** Marks a blob as just used. False when it is not stored. */
  async touch(sha256: string): Promise<boolean> {
    const path = blobPath(this.layout, sha256);
    const time = new Date(this.now());
    try {
      await fsp.utimes(path, time, time);
      return true;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return false;
      throw toStorageError(error, path, 'write');
    }
  }

  /** Re-hashes a blob; a blob whose bytes do not match its name is deleted so it is never served again. */
  async verify(sha256: string): Promise<VerifyResult> {
    let bytes: Buffer;
    try {
      bytes = await this.read(sha256);
    } catch (error) {
      if (error instanceof StorageError && error.code === 'not-found') return 'missing';
      throw error;
    }
    if (sha256Hex(bytes) === sha256) return 'ok';
    await this.remove(sha256);
    return 'corrupt';
  }

  /** Deletes a blob. False when it was not there (or, on Windows, is held open by a reader right now). */
  async remove(sha256: string): Promise<boolean> {
    return removeFileIfPresent(blobPath(this.layout, sha256));
  }

  /**
   * Deletes a blob only if it has not been used since `lastUsedMs` (a prune decided on a snapshot; another
   * process may have stored the same bytes again since, and then it must stay).
   */
  async removeIfUnused(sha256: string, lastUsedMs: number): Promise<RemoveOutcome> {
    const current = await this.stat(sha256);
    if (!current) return 'gone';
    if (current.lastUsedMs !== lastUsedMs) return 'in-use';
    // remove() is false when the file vanished or (Windows) is open in a reader: keep counting it then.
    return (await this.remove(sha256)) ? 'removed' : 'in-use';
  }

  /** Every stored blob (a snapshot; entries may vanish as it is read). */
  async list(): Promise<BlobStat[]> {
    const entries = await listFanout(this.layout.blobs, blobIdOf);
    const stats: BlobStat[] = [];
    for (const { id, path } of entries) {
      try {
        const stat = await fsp.stat(path);
        if (stat.isFile()) stats.push({ sha256: id, size: stat.size, lastUsedMs: stat.mtimeMs });
      } catch (error) {
        if (!isErrno(error, 'ENOENT')) throw error;
      }
    }
    return stats;
  }

  /** True (after refreshing its last-use time) when a complete copy is already stored at `path`. */
  private async touchIfComplete(path: string, size: number): Promise<boolean> {
    try {
      const stat = await fsp.stat(path);
      // Same name but wrong size can only be damage (the name is the content's hash): overwrite it.
      if (stat.size !== size) return false;
      const time = new Date(this.now());
      await fsp.utimes(path, time, time).catch((error: unknown) => {
        // A read-only folder cannot record the use, but the blob is there: that is all a caller needs.
        if (!isErrno(error, 'EROFS', 'EACCES', 'EPERM')) throw error;
      });
      return true;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return false;
      throw error;
    }
  }

  /** Renames a complete temp file to its final name; returns whether this call created the blob. */
  private async publish(tmp: string, path: string, size: number): Promise<boolean> {
    try {
      await renameReplacing(this.fs, tmp, path);
    } catch (error) {
      await fsp.unlink(tmp).catch(() => {});
      // Windows refuses to rename over a file another process has open: if that file is this blob,
      // complete, the job is done.
      if (isErrno(error, 'EPERM', 'EACCES', 'EBUSY', 'EEXIST') && (await this.touchIfComplete(path, size))) return false;
      throw error;
    }
    const time = new Date(this.now());
    await fsp.utimes(path, time, time).catch(() => {});
    this.onCreated?.(size);
    return true;
  }

  private async openTemp(tmp: string): Promise<WritableHandle> {
    try {
      return await this.fs.open(tmp, 'wx', 0o666);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
      await this.fs.mkdir(this.layout.tmp, { recursive: true });
      return this.fs.open(tmp, 'wx', 0o666);
    }
  }
}

/**
 * Makes the cache folders and removes temp files left by writers that died mid-write. Temp files'
 * mtimes come from the OS, so their age is measured with the real clock, never an injected one.
 */
export async function prepareFolders(layout: CacheLayout, tempMaxAgeMs?: number) {
  try {
    await fsp.mkdir(layout.tmp, { recursive: true });
  } catch (error) {
    throw toStorageError(error, layout.root, 'write');
  }
  await sweepStaleTempFiles(layout.tmp, tempMaxAgeMs === undefined ? {} : { olderThanMs: tempMaxAgeMs });
}

function notAnImage(bytes: Uint8Array, source: string): StorageError {
  return new StorageError(
    'not-an-image',
    `refusing to store ${source}: it is ${describeBytes(bytes)}, not a PNG, JPEG, WebP or GIF image`,
  );
}

function tooLarge(source: string, maxBytes: number): StorageError {
  return new StorageError('invalid-argument', `refusing to store ${source}: it is larger than ${maxBytes} bytes`);
}

/** A hint about what was received instead of an image (an HTML error page, an SVG...). */
function describeBytes(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'empty';
  const text = Buffer.from(bytes.subarray(0, 64)).toString('utf8').trimStart().toLowerCase();
  if (text.startsWith('<svg') || text.startsWith('<?xml')) return 'SVG or XML text';
  if (text.startsWith('<')) return 'HTML or XML text';
  if (text.startsWith('{') || text.startsWith('[')) return 'JSON text';
  return 'an unsupported format';
}
