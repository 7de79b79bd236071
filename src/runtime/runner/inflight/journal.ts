/**
 * The in-flight journal: `<cacheDir>/inflight/`, one small file per prediction that was created (and so
 * is being paid for) but whose result is not in the cache yet. A run that dies leaves its files behind;
 * the next run adopts the prediction instead of creating it again (resume.ts).
 *
 * Kept like the cache (several processes share the folder, none ever blocks on another):
 *   - an entry is written whole (temp file in `<cacheDir>/tmp`, fsync, rename, folder fsync) before the
 *     prediction is followed, so a crash at any later moment leaves it on disk;
 *   - its content never changes; who follows it is in its file name (entry.ts), and it changes hands
 *     by rename(2), which exactly one of several processes racing for it can win;
 *   - one file per prediction, so no write ever merges with (or drops) another process's entries;
 *   - every delete tolerates the file being gone already.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../storage/atomic';
import { isErrno } from '../../storage/errors';
import { readJsonFile } from '../../storage/read-json';
import { currentHolder, holderState, holderTag, type HolderIdentity, type HolderState } from './holder';
import { INFLIGHT_FORMAT, INFLIGHT_VERSION, InflightEntrySchema, entryFileName, parseEntryFileName, type EntryName, type InflightEntry } from './entry';

export const INFLIGHT_DIR = 'inflight';

export type NewInflightEntry = Omit<InflightEntry, 'format' | 'version' | 'createdAt'>;

/** An entry as found on disk, with what its holder's name says (`free` when nobody holds it). */
export interface FoundEntry {
  entry: InflightEntry;
  path: string;
  holder: HolderState | 'free';
}

/** An entry this journal holds: only it may release or remove it. */
export interface HeldEntry {
  entry: InflightEntry;
  path: string;
}

export interface InflightJournalOptions {
  /** Where temp files go (the cache's tmp folder, swept of leftovers when the cache opens). */
  tmpDir?: string;
  /** Who this process is (tests impersonate other and dead processes with it). */
  holder?: Partial<HolderIdentity>;
  now?: () => number;
}

export class InflightJournal {
  readonly dir: string;
  private readonly tmpDir: string | undefined;
  private readonly me: HolderIdentity;
  private readonly tag: string;
  private readonly now: () => number;

  constructor(cacheDir: string, options: InflightJournalOptions = {}) {
    this.dir = join(cacheDir, INFLIGHT_DIR);
    this.tmpDir = options.tmpDir;
    this.me = currentHolder(options.holder);
    this.tag = holderTag(this.me);
    this.now = options.now ?? Date.now;
  }

  /** Writes (durably) an entry held by this process. */
  async record(fields: NewInflightEntry): Promise<HeldEntry> {
    const entry: InflightEntry = InflightEntrySchema.parse({ format: INFLIGHT_FORMAT, version: INFLIGHT_VERSION, ...fields, createdAt: new Date(this.now()).toISOString() });
    const path = join(this.dir, entryFileName({ key: entry.key, predictionId: entry.predictionId, holder: this.tag }));
    await writeFileAtomic(path, `${JSON.stringify(entry)}\n`, this.tmpDir === undefined ? {} : { tmpDir: this.tmpDir });
    return { entry, path };
  }

  /** Every readable entry for a call key, whatever its scope or age, newest first. */
  find(key: string): Promise<FoundEntry[]> {
    return this.read((name) => name.key === key);
  }

  /**
   * Removes the entries older than `maxAgeMs` that nobody alive holds, whatever their key or scope: their
   * predictions' outputs are deleted by now, so no run could adopt them. Returns how many went.
   */
  async sweep(maxAgeMs: number): Promise<number> {
    const cutoff = this.now() - maxAgeMs;
    let removed = 0;
    for (const found of await this.read(() => true)) {
      if (Date.parse(found.entry.createdAt) >= cutoff || found.holder === 'alive') continue;
      await this.remove(found);
      removed++;
    }
    return removed;
  }

  private async read(wanted: (name: EntryName) => boolean): Promise<FoundEntry[]> {
    let files: string[];
    try {
      files = await fsp.readdir(this.dir);
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'ENOTDIR')) return [];
      throw error;
    }
    const found: FoundEntry[] = [];
    for (const file of files) {
      const name = parseEntryFileName(file);
      if (!name || !wanted(name)) continue;
      const path = join(this.dir, file);
      const read = await readJsonFile(path, InflightEntrySchema);
      if (!read.ok) {
        // Gone meanwhile (another process adopted or removed it) is normal. A damaged file - written
        // whole and never changed, so only something outside Weft damages it - can never be trusted.
        if (read.error.kind !== 'missing') await this.unlink(path);
        continue;
      }
      if (read.value.key !== name.key || read.value.predictionId !== name.predictionId) continue;
      found.push({ entry: read.value, path, holder: name.holder === undefined ? 'free' : holderState(name.holder, this.me) });
    }
    return found.sort((a, b) => Date.parse(b.entry.createdAt) - Date.parse(a.entry.createdAt));
  }

  /** Takes a free (or dead holder's) entry for this process; undefined when another process got it first. */
  async claim(found: FoundEntry): Promise<HeldEntry | undefined> {
    const path = join(this.dir, entryFileName({ key: found.entry.key, predictionId: found.entry.predictionId, holder: this.tag }));
    try {
      await fsp.rename(found.path, path);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw error;
    }
    return { entry: found.entry, path };
  }

  /** Lets go of an entry whose prediction may still be of use: any later run may adopt it. */
  async release(held: HeldEntry): Promise<void> {
    const free = join(this.dir, entryFileName({ key: held.entry.key, predictionId: held.entry.predictionId }));
    try {
      await fsp.rename(held.path, free);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
  }

  /** Forgets an entry: its result is cached, or its prediction is of no further use. */
  async remove(entry: HeldEntry | FoundEntry): Promise<void> {
    await this.unlink(entry.path);
  }

  private async unlink(path: string): Promise<void> {
    try {
      await fsp.unlink(path);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
  }
}
