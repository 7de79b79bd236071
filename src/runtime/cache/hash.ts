/**
 * sha256 identifiers. Blob names and call keys are 64 lowercase hex characters, and every one that
 * arrives from outside (the renderer, a record on disk, a CLI argument) is checked against that pattern
 * before it becomes part of a path, so no input can ever name a file outside the cache.
 */
import { createHash } from 'node:crypto';
import { isSha256 } from '../../engine/hash';
import { StorageError } from '../storage/errors';

export { isSha256, SHA256_PATTERN } from '../../engine/hash';

/** Throws a StorageError('invalid-argument') unless `value` is a lowercase hex sha256. */
export function assertSha256(value: unknown, what = 'sha256'): asserts value is string {
  if (!isSha256(value)) {
    const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : typeof value;
    throw new StorageError('invalid-argument', `invalid ${what} ${shown}: expected 64 lowercase hex characters`);
  }
}

/** node:crypto rather than the engine's portable hash: blobs can be large and this is several times faster. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
