/**
 * The cache folder's layout (git-style two-character fan-out so no folder grows to millions of entries):
 *
 *   <root>/CACHEDIR.TAG              marks the folder as disposable for backup tools
 *   <root>/blobs/<aa>/<sha256>       image bytes, named by their own hash, immutable
 *   <root>/calls/<aa>/<key>.json     one record per call key (small JSON), mtime = last use
 *   <root>/tmp/                      every write starts here; swept of abandoned files on open
 *
 * Only complete files are ever renamed into blobs/ and calls/, so anything found there is either whole or
 * damaged by something outside our control (which readers detect and treat as a miss).
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { isErrno } from '../storage/errors';
import { assertSha256, isSha256 } from './hash';

export interface CacheLayout {
  root: string;
  blobs: string;
  calls: string;
  tmp: string;
}

export function cacheLayout(root: string): CacheLayout {
  return { root, blobs: join(root, 'blobs'), calls: join(root, 'calls'), tmp: join(root, 'tmp') };
}

export function blobPath(layout: CacheLayout, sha256: string): string {
  assertSha256(sha256, 'blob sha256');
  return join(layout.blobs, sha256.slice(0, 2), sha256);
}

export const CALL_RECORD_SUFFIX = '.json';

export function callRecordPath(layout: CacheLayout, key: string): string {
  assertSha256(key, 'call key');
  return join(layout.calls, key.slice(0, 2), `${key}${CALL_RECORD_SUFFIX}`);
}

/**
 * Lists the ids stored under a fan-out folder. `idOf` turns a file name into its id (or null for
 * anything else: stray files, editor backups). Folders vanishing mid-walk (a concurrent clear) are fine.
 */
export async function listFanout(
  folder: string,
  idOf: (name: string) => string | null,
): Promise<Array<{ id: string; path: string }>> {
  const found: Array<{ id: string; path: string }> = [];
  for (const prefix of await readdirOrEmpty(folder)) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    const sub = join(folder, prefix);
    for (const name of await readdirOrEmpty(sub)) {
      const id = idOf(name);
      // A file in the wrong fan-out folder would never be found by its id; ignore it like any stray.
      if (id !== null && id.startsWith(prefix)) found.push({ id, path: join(sub, name) });
    }
  }
  return found;
}

export const blobIdOf = (name: string): string | null => (isSha256(name) ? name : null);

export const callKeyOf = (name: string): string | null => {
  if (!name.endsWith(CALL_RECORD_SUFFIX)) return null;
  const key = name.slice(0, -CALL_RECORD_SUFFIX.length);
  return isSha256(key) ? key : null;
};

async function readdirOrEmpty(folder: string): Promise<string[]> {
  try {
    return await fsp.readdir(folder);
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) return [];
    throw error;
  }
}

/** What a conditional delete did: deleted the file, found it already gone, or left it because it was used. */
export type RemoveOutcome = 'removed' | 'gone' | 'in-use';

/** https://bford.info/cachedir/ - tells backup tools (restic, borg, tar --exclude-caches) to skip us. */
export const CACHEDIR_TAG =
  'Signature: 8a477f597d28d172789f06886806bc55\n' +
  '# This file is a cache directory tag created by Weft.\n' +
  '# For information about cache directory tags, see https://bford.info/cachedir/\n';
