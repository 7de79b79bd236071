/**
 * Names and clean-up of temp files.
 *
 * Every write first goes to a temp file and is renamed into place. A process killed between the two
 * leaves the temp file behind; nothing ever reads it (readers only open final names, and temp names are
 * hidden, carry the writer's pid and a random part, and end in `.tmp`), and the next process to open the
 * folder sweeps the ones that have not been touched for a while. "A while" must outlast any live write:
 * a temp file being streamed to keeps getting a fresh mtime, so only abandoned ones look old.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, join } from 'node:path';
import { isErrno } from './errors';

export const TEMP_SUFFIX = '.tmp';

/** Ten minutes: far longer than any single write, short enough that junk does not pile up. */
export const DEFAULT_TEMP_MAX_AGE_MS = 10 * 60_000;

/** A fresh, unique temp path in `dir` whose name tells a human what it was going to become. */
export function tempPathFor(dir: string, finalPath: string): string {
  const name = basename(finalPath).slice(0, 80);
  return join(dir, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
}

export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

export interface SweepOptions {
  olderThanMs?: number;
  now?: number;
  /** Which names to consider; defaults to our temp names. */
  match?: (name: string) => boolean;
}

/**
 * Removes abandoned temp files from `dir` (not recursive). Missing folders and files that vanish
 * meanwhile (another process sweeping too) are fine. Returns how many files this call removed.
 */
export async function sweepStaleTempFiles(dir: string, options: SweepOptions = {}): Promise<number> {
  const maxAge = options.olderThanMs ?? DEFAULT_TEMP_MAX_AGE_MS;
  const now = options.now ?? Date.now();
  const match = options.match ?? isTempName;
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) return 0;
    throw error;
  }
  let removed = 0;
  for (const name of names) {
    if (!match(name)) continue;
    const path = join(dir, name);
    try {
      const stat = await fsp.lstat(path);
      if (!stat.isFile() || now - stat.mtimeMs < maxAge) continue;
      await fsp.unlink(path);
      removed++;
    } catch (error) {
      // Gone already, held open by its writer on Windows, or on a read-only disk: either way, not ours
      // to worry about now (temp files are never read, so leaving one costs only its space).
      if (!isErrno(error, 'ENOENT', 'EPERM', 'EBUSY', 'EACCES', 'EROFS')) throw error;
    }
  }
  return removed;
}
