/**
 * Atomic file replacement: at every instant the file at `path` is either the complete old content or the
 * complete new content, never a mix, never empty, never missing (once it existed).
 *
 * Protocol: write everything to a temp file in the same folder (or a given temp folder on the same file
 * system), fsync it, optionally hard-link the old file to `<path>.bak`, rename the temp file over `path`
 * (atomic on POSIX and on NTFS), then fsync the folder so the rename itself survives a power cut.
 *
 * Why not the write-file-atomic package: it issues a single fs.write and ignores the byte count it returns.
 * When a disk fills part-way, write(2) returns a short count without an error (libuv passes that on), so
 * the package fsyncs and renames a truncated file over the good one - exactly the failure this module
 * exists to prevent (the bug report: github.com/coder/xum/pull/4282). It also cannot put temp files in a
 * separate folder (the blob store needs that so unfinished files never sit next to served ones), does not
 * fsync the folder, and has no seam to inject ENOSPC/EROFS in tests. So we loop on short writes here.
 */
import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';
import { errnoError, isErrno, toStorageError } from './errors';
import { nodeFs, type StorageFs, type WritableHandle } from './fs-seam';
import { tempPathFor } from './temp-files';

export interface WriteFileAtomicOptions {
  /** Keep the previous file as `<path>.bak` (a hard link, or a copy where links are unsupported). */
  backup?: boolean;
  /** Permission bits for a new file (subject to umask). Defaults to those of the file being replaced. */
  mode?: number;
  /** Where the temp file goes; must be on the same file system as `path`. Defaults to path's folder. */
  tmpDir?: string;
  /** fsync the folder after the rename (default true). Skip only for data that is cheap to lose. */
  fsyncDir?: boolean;
  /** File-system seam for fault injection in tests. */
  fs?: StorageFs;
  /** Only consulted for Windows-specific retries; defaults to process.platform. */
  platform?: NodeJS.Platform;
}

/**
 * Replaces `path` with `data` atomically. Missing parent folders are created. Throws a StorageError whose
 * message names `path` (never the temp file) and says that nothing was overwritten.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  // Replace what a symlink points to, not the link: a settings file linked from a dotfiles repository
  // must stay linked after we save it.
  const target = await fsp.realpath(path).catch(() => path);
  const folder = dirname(target);
  const tmpDir = options.tmpDir ?? folder;
  try {
    await replaceVia(tmpDir, target, bytes, options);
  } catch (error) {
    // A temp folder on another file system (a symlinked cache folder, say) cannot be renamed from:
    // fall back to a temp file beside the target, which always can.
    if (!isErrno(error, 'EXDEV') || tmpDir === folder) throw toStorageError(error, path, 'write');
    try {
      await replaceVia(folder, target, bytes, options);
    } catch (retryError) {
      throw toStorageError(retryError, path, 'write');
    }
  }
}

async function replaceVia(tmpDir: string, path: string, bytes: Uint8Array, options: WriteFileAtomicOptions) {
  const fs = options.fs ?? nodeFs;
  const platform = options.platform ?? process.platform;
  const mode = options.mode ?? (await modeOf(fs, path)) ?? 0o666;
  const tmp = await writeTempFile(fs, tmpDir, path, bytes, mode);
  try {
    if (options.backup) await backupExisting(fs, path, tmpDir, platform);
    await renameReplacing(fs, tmp, path, platform);
  } catch (error) {
    await fs.unlink(tmp).catch(() => {});
    throw error;
  }
  // After the rename the new content is in place, so nothing from here on may throw: a failing folder
  // fsync must not turn a successful save into an error that says "nothing was overwritten".
  if (options.fsyncDir !== false) await fsyncFolder(fs, dirname(path));
}

async function modeOf(fs: StorageFs, path: string): Promise<number | undefined> {
  try {
    return (await fs.stat(path)).mode & 0o777;
  } catch {
    return undefined; // new file (or unreadable: the write itself will report that)
  }
}

/** Writes and fsyncs a complete temp copy of `bytes`; returns its path. Leaves nothing behind on failure. */
export async function writeTempFile(
  fs: StorageFs,
  tmpDir: string,
  finalPath: string,
  bytes: Uint8Array,
  mode = 0o666,
): Promise<string> {
  const tmp = tempPathFor(tmpDir, finalPath);
  let handle: WritableHandle;
  try {
    handle = await fs.open(tmp, 'wx', mode);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
    await fs.mkdir(tmpDir, { recursive: true });
    handle = await fs.open(tmp, 'wx', mode);
  }
  try {
    try {
      await writeFully(handle, bytes, 0, tmp);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await fs.unlink(tmp).catch(() => {});
    throw error;
  }
  return tmp;
}

/**
 * Writes all of `bytes` at file offset `position`. write(2) may write fewer bytes than asked (notably
 * when the disk fills, with no error), so keep going until done.
 */
export async function writeFully(
  handle: WritableHandle,
  bytes: Uint8Array,
  position: number,
  pathForErrors: string,
): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, position + offset);
    // No progress and no error: report it rather than spin (ENOSPC is what this means in practice).
    if (bytesWritten <= 0) throw errnoError('ENOSPC', 'write', pathForErrors);
    offset += bytesWritten;
  }
}

/**
 * Points `<path>.bak` at the current content of `path` without ever removing `path`: the old file is
 * hard-linked (or copied) to a temp name which is then renamed over the previous backup, so the backup
 * is itself replaced atomically.
 */
async function backupExisting(fs: StorageFs, path: string, tmpDir: string, platform: NodeJS.Platform) {
  const backup = backupPathOf(path);
  const staging = tempPathFor(tmpDir, backup);
  try {
    await fs.link(path, staging);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return; // first save: nothing to keep
    // FAT/exFAT, some network shares, hardened-link policies: fall back to a full copy.
    if (!isErrno(error, 'EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'ENOSYS', 'EACCES')) throw error;
    try {
      await fs.copyFile(path, staging);
    } catch (copyError) {
      await fs.unlink(staging).catch(() => {});
      if (isErrno(copyError, 'ENOENT')) return;
      throw copyError;
    }
  }
  try {
    await renameReplacing(fs, staging, backup, platform);
  } catch (error) {
    await fs.unlink(staging).catch(() => {});
    throw error;
  }
}

/**
 * rename(2), creating the target folder if it is missing, and on Windows retrying the transient
 * EPERM/EACCES/EBUSY that antivirus scanners and indexers cause by briefly opening the target.
 */
export async function renameReplacing(
  fs: StorageFs,
  from: string,
  to: string,
  platform: NodeJS.Platform = process.platform,
): Promise<void> {
  let madeFolder = false;
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (error) {
      if (isErrno(error, 'ENOENT') && !madeFolder) {
        madeFolder = true;
        await fs.mkdir(dirname(to), { recursive: true });
        continue;
      }
      if (platform === 'win32' && isErrno(error, 'EPERM', 'EACCES', 'EBUSY') && attempt < 8) {
        await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt));
        continue;
      }
      throw error;
    }
  }
}

/** Best effort: some platforms (Windows) cannot open folders at all; the rename is done either way. */
async function fsyncFolder(fs: StorageFs, folder: string): Promise<void> {
  let handle: WritableHandle | undefined;
  try {
    handle = await fs.open(folder, 'r');
    await handle.sync();
  } catch {
    // EISDIR/EPERM on Windows, EINVAL on some network file systems: nothing more we can do.
  } finally {
    await handle?.close().catch(() => {});
  }
}

/** The name a backup of `path` gets. */
export function backupPathOf(path: string): string {
  return `${path}.bak`;
}
