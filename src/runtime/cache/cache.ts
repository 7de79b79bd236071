/**
 * The call cache: "this exact call already produced these images".
 *
 * Invariants, kept by the order of operations rather than by locks (the desktop app and the CLI may use
 * one folder at the same time, and neither may ever block on the other):
 *   - a record is written only after all of its output blobs are in place, so a record never points at
 *     bytes that were not there when it was written;
 *   - a hit is served only after checking that every output blob is still there at the right size, so a
 *     record whose blobs were evicted or damaged is a miss (and the stale record is removed);
 *   - every write is a rename of a complete file, every delete tolerates the file being gone already.
 * Failed predictions are never cached: `put` takes only successful outputs.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../storage/atomic';
import { StorageError, toStorageError } from '../storage/errors';
import type { StorageFs } from '../storage/fs-seam';
import { formatIssuePath } from '../storage/read-json';
import {
  CALL_RECORD_FORMAT,
  CALL_RECORD_VERSION,
  CallRecordSchema,
  type CallOutput,
  type CallRecord,
  type PredictionInfo,
} from './call-record';
import { BlobStore, prepareFolders, type BlobStat } from './blobs';
import { CallStore } from './calls';
import { assertSha256 } from './hash';
import { CACHEDIR_TAG, cacheLayout, type CacheLayout } from './layout';
import { pruneCache, type PruneReport } from './prune';

export const DEFAULT_CACHE_LIMIT_BYTES = 10 * 1024 ** 3;
/** Auto-prune goes below the limit by this factor so that the next few puts do not each prune again. */
export const AUTO_PRUNE_TARGET_RATIO = 0.9;
/** How long an unreferenced blob counts as in flight (stored by a runner that has not written its record). */
export const DEFAULT_IN_FLIGHT_GRACE_MS = 10 * 60_000;

/** An output given to `put`: new bytes, or a blob the runner already stored (e.g. while downloading). */
export type OutputSource =
  | { bytes: Uint8Array; width?: number; height?: number }
  | { sha256: string; width?: number; height?: number };

export interface NewCallRecord {
  key: string;
  model: string;
  version_id: string | null;
  input: CallRecord['input'];
  prediction: PredictionInfo;
  seed?: number;
  outputs: OutputSource[];
}

/** A hit: the record, with `lastUsedAt` set to this use. */
export type CachedCall = CallRecord & { lastUsedAt: string };

export interface CacheStats {
  calls: number;
  blobs: number;
  /** Total size of all blobs (records are a rounding error next to images). */
  bytes: number;
  limitBytes: number;
  /** Least and most recent last-use among records and blobs (ISO), null when empty. */
  oldest: string | null;
  newest: string | null;
}

export type { PruneReport } from './prune';

export interface PruneOptions {
  /** Defaults to the cache's limit. */
  limitBytes?: number;
  /** Prune down to this many bytes (defaults to limitBytes). */
  targetBytes?: number;
}


export interface CacheOptions {
  limitBytes?: number;
  /** Prune automatically after a put that takes the cache over its limit (default true). */
  autoPrune?: boolean;
  now?: () => number;
  inFlightGraceMs?: number;
  /** Temp files older than this are swept on open. */
  tempMaxAgeMs?: number;
  /** Where failures of automatic pruning go (a put that succeeded must not fail because of them). */
  onAutoPruneError?: (error: unknown) => void;
  /** File-system seam for fault injection. */
  fs?: StorageFs;
}

export class Cache {
  readonly layout: CacheLayout;
  readonly blobs: BlobStore;
  readonly calls: CallStore;
  readonly limitBytes: number;
  private readonly now: () => number;
  private readonly autoPrune: boolean;
  private readonly graceMs: number;
  private readonly onAutoPruneError: (error: unknown) => void;
  /** Running total of blob bytes; unknown until first needed, then kept up to date without rescanning. */
  private totalBytes: number | undefined;
  private totalScan: Promise<number> | undefined;
  private pruning: Promise<PruneReport> | undefined;

  private constructor(root: string, options: CacheOptions) {
    this.layout = cacheLayout(root);
    this.now = options.now ?? Date.now;
    this.limitBytes = options.limitBytes ?? DEFAULT_CACHE_LIMIT_BYTES;
    this.autoPrune = options.autoPrune ?? true;
    this.graceMs = options.inFlightGraceMs ?? DEFAULT_IN_FLIGHT_GRACE_MS;
    this.onAutoPruneError = options.onAutoPruneError ?? (() => {});
    const blobOptions = {
      now: this.now,
      onCreated: (size: number) => {
        if (this.totalBytes !== undefined) this.totalBytes += size;
      },
    };
    this.blobs = new BlobStore(this.layout, options.fs ? { ...blobOptions, fs: options.fs } : blobOptions);
    this.calls = new CallStore(this.layout, options.fs);
  }

  /** Opens (creating if needed) the cache at `root` and sweeps temp files abandoned by crashed writers. */
  static async open(root: string, options: CacheOptions = {}): Promise<Cache> {
    const cache = new Cache(root, options);
    await prepareFolders(cache.layout, options.tempMaxAgeMs);
    await writeCacheDirTag(cache.layout);
    return cache;
  }

  /** The record for `key` if it and all its output images are present; null otherwise. */
  async get(key: string): Promise<CachedCall | null> {
    assertSha256(key, 'call key');
    const found = await this.calls.read(key);
    if (found.kind === 'missing' || found.kind === 'newer') return null;
    if (found.kind === 'corrupt') {
      await this.calls.removeIfUnused(key, found.lastUsedMs);
      return null;
    }
    const { record } = found;
    for (const output of record.outputs) {
      const stat = await this.blobs.stat(output.sha256);
      if (stat && stat.size === output.size) continue;
      // Same name, wrong size: the bytes are damaged (the name is their hash), so they go too.
      if (stat) await this.blobs.removeIfUnused(output.sha256, stat.lastUsedMs);
      await this.calls.removeIfUnused(key, found.lastUsedMs);
      return null;
    }
    const now = this.now();
    // A record deleted between the check and here (a concurrent prune) may be losing its blobs right
    // now: call it a miss rather than hand out images that might vanish.
    const touched = await this.calls.touch(key, now).catch((error: unknown) => {
      // A read-only folder cannot record the use; the hit is as good (a miss would pay for it again).
      if (error instanceof StorageError && (error.code === 'read-only' || error.code === 'permission-denied')) return true;
      throw error;
    });
    if (!touched) return null;
    return { ...record, lastUsedAt: new Date(now).toISOString() };
  }

  /**
   * Caches a successful call: stores its output images first, then its record (atomically). Returns the
   * record as written. May prune afterwards if the cache went over its limit.
   */
  async put(entry: NewCallRecord): Promise<CallRecord> {
    assertSha256(entry.key, 'call key');
    // Validate everything but the outputs before storing any bytes, so bad input leaves no orphans.
    const draft = {
      format: CALL_RECORD_FORMAT,
      version: CALL_RECORD_VERSION,
      key: entry.key,
      model: entry.model,
      version_id: entry.version_id,
      input: entry.input,
      prediction: entry.prediction,
      ...(entry.seed === undefined ? {} : { seed: entry.seed }),
      createdAt: new Date(this.now()).toISOString(),
    } as const;
    const checked = CallRecordSchema.omit({ outputs: true }).safeParse(draft);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      throw new StorageError(
        'invalid-argument',
        `refusing to cache call ${entry.key}: ${formatIssuePath(issue.path)}: ${issue.message}`,
      );
    }
    if (entry.outputs.length === 0) {
      throw new StorageError('invalid-argument', `refusing to cache call ${entry.key}: it has no outputs`);
    }
    if (this.autoPrune) await this.knownTotal();

    const outputs: CallOutput[] = [];
    for (const source of entry.outputs) outputs.push(await this.storeOutput(source));
    const record: CallRecord = { ...draft, outputs };
    await this.calls.write(record, this.now());

    if (this.autoPrune && (this.totalBytes ?? 0) > this.limitBytes) {
      await this.pruneOnce({ targetBytes: Math.floor(this.limitBytes * AUTO_PRUNE_TARGET_RATIO) }).catch(
        this.onAutoPruneError,
      );
    }
    return record;
  }

  /** Forgets one call (its blobs stay until a prune finds them unreferenced). */
  async delete(key: string): Promise<boolean> {
    return this.calls.remove(key);
  }

  async stats(): Promise<CacheStats> {
    const calls = await this.calls.list();
    const blobs = await this.blobs.list();
    const bytes = sumSizes(blobs);
    this.totalBytes = bytes;
    let oldest = Infinity;
    let newest = -Infinity;
    for (const { lastUsedMs } of [...calls, ...blobs]) {
      oldest = Math.min(oldest, lastUsedMs);
      newest = Math.max(newest, lastUsedMs);
    }
    const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);
    return { calls: calls.length, blobs: blobs.length, bytes, limitBytes: this.limitBytes, oldest: iso(oldest), newest: iso(newest) };
  }

  /** Evicts least-recently-used entries until the blobs fit in the limit (policy: lru.ts, steps: prune.ts). */
  async prune(options: PruneOptions = {}): Promise<PruneReport> {
    const limit = options.limitBytes ?? this.limitBytes;
    const targetBytes = Math.min(options.targetBytes ?? limit, limit);
    const report = await pruneCache(this.calls, this.blobs, { targetBytes, protectAfterMs: this.now() - this.graceMs });
    this.totalBytes = report.bytesAfter;
    return report;
  }

  /** Removes every record and blob. Other processes' later writes simply recreate the folders. */
  async clear(): Promise<void> {
    // Records first: for a moment records may be gone while blobs remain (harmless), never the reverse.
    for (const folder of [this.layout.calls, this.layout.blobs]) {
      try {
        await fsp.rm(folder, { recursive: true, force: true, maxRetries: 5 });
      } catch (error) {
        throw toStorageError(error, folder, 'delete');
      }
    }
    this.totalBytes = 0;
  }

  private async storeOutput(source: OutputSource): Promise<CallOutput> {
    const dims = {
      ...(source.width === undefined ? {} : { width: source.width }),
      ...(source.height === undefined ? {} : { height: source.height }),
    };
    if ('bytes' in source) {
      const { sha256, size, mediaType } = await this.blobs.putImage(source.bytes, 'model output');
      return { sha256, size, mediaType, ...dims };
    }
    assertSha256(source.sha256, 'output sha256');
    const info = await this.blobs.info(source.sha256);
    if (!info) {
      throw new StorageError('not-found', `cannot cache an output that is not stored: image ${source.sha256}`);
    }
    await this.blobs.touch(source.sha256);
    return { ...info, ...dims };
  }

  private async knownTotal(): Promise<number> {
    if (this.totalBytes !== undefined) return this.totalBytes;
    this.totalScan ??= this.blobs.list().then((blobs) => {
      this.totalBytes = sumSizes(blobs);
      return this.totalBytes;
    });
    try {
      return await this.totalScan;
    } finally {
      this.totalScan = undefined;
    }
  }

  /** One automatic prune at a time per process; concurrent puts that also crossed the limit share it. */
  private pruneOnce(options: PruneOptions): Promise<PruneReport> {
    this.pruning ??= this.prune(options).finally(() => {
      this.pruning = undefined;
    });
    return this.pruning;
  }
}

function sumSizes(blobs: readonly BlobStat[]): number {
  return blobs.reduce((sum, blob) => sum + blob.size, 0);
}

async function writeCacheDirTag(layout: CacheLayout): Promise<void> {
  const path = join(layout.root, 'CACHEDIR.TAG');
  try {
    await fsp.access(path);
  } catch {
    // Best effort: a missing tag only means backup tools will copy the cache.
    await writeFileAtomic(path, CACHEDIR_TAG, { tmpDir: layout.tmp, fsyncDir: false }).catch(() => {});
  }
}
