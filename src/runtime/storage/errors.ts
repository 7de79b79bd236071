/**
 * Storage errors with messages a user can act on.
 *
 * Node's raw errors ("ENOSPC: no space left on device, open '/x/.y.123.tmp'") name a temp file the user
 * never heard of and say nothing about whether their data is safe. Every failure that leaves the storage
 * layer is a StorageError naming the file the user cares about, what to do, and (for writes) that the
 * previous content is intact - which our write protocol guarantees (see atomic.ts).
 */

import { unlink } from 'node:fs/promises';

export type StorageErrorCode =
  | 'disk-full'
  | 'read-only'
  | 'permission-denied'
  | 'not-found'
  | 'corrupt'
  | 'not-an-image'
  | 'invalid-argument'
  | 'io-error';

export type StorageAction = 'write' | 'read' | 'delete';

export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(
    readonly code: StorageErrorCode,
    message: string,
    /** The file the user cares about (never a temp file). */
    readonly path?: string,
    /** The operating system's code (ENOSPC, EROFS...), when there was one. */
    readonly errno?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The `code` of a Node system error (ENOENT, ENOSPC...), or undefined for anything else. */
export function errnoOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

export function isErrno(error: unknown, ...codes: string[]): boolean {
  const code = errnoOf(error);
  return code !== undefined && codes.includes(code);
}

/** Builds an Error that looks like one from node:fs (used by fault-injection seams and tests). */
export function errnoError(code: string, syscall: string, path?: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: ${syscall}${path ? ` '${path}'` : ''}`);
  error.code = code;
  error.syscall = syscall;
  if (path !== undefined) error.path = path;
  return error;
}

/**
 * Maps a low-level error to a StorageError about `path`. A StorageError passes through unchanged so
 * helpers can be layered without double wrapping.
 */
export function toStorageError(error: unknown, path: string, action: StorageAction): StorageError {
  if (error instanceof StorageError) return error;
  const errno = errnoOf(error);
  const safe = action === 'write' ? '; nothing was overwritten' : '';
  const make = (code: StorageErrorCode, message: string) =>
    new StorageError(code, message, path, errno, { cause: error });

  switch (errno) {
    case 'ENOSPC':
      return make('disk-full', `disk is full while writing ${path}: free some space and try again${safe}`);
    case 'EDQUOT':
      return make('disk-full', `disk quota exceeded while writing ${path}: free some space and try again${safe}`);
    case 'EROFS':
      return make('read-only', `cannot ${action} ${path}: the disk or folder is read-only${safe}`);
    case 'EACCES':
    case 'EPERM':
      return make(
        'permission-denied',
        `cannot ${action} ${path}: permission denied (check the folder's permissions, or choose another folder)${safe}`,
      );
    case 'ENOENT':
      return make(
        'not-found',
        `cannot ${action} ${path}: ${action === 'write' ? 'its folder does not exist' : 'it does not exist'}`,
      );
    default: {
      const detail = error instanceof Error ? error.message : String(error);
      return make('io-error', `cannot ${action} ${path}: ${detail}${safe}`);
    }
  }
}

/**
 * Deletes a file of the cache or the data folder. False when it was already gone or, on Windows, is held
 * open by a reader right now (the next prune tries again); any other failure is a StorageError.
 */
export async function removeFileIfPresent(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'EBUSY') || (process.platform === 'win32' && isErrno(error, 'EPERM'))) return false;
    throw toStorageError(error, path, 'delete');
  }
}
