/**
 * Reading and writing call records (`<root>/calls/<aa>/<key>.json`), one small file per call key.
 *
 * Writes are atomic (temp file in `<root>/tmp`, fsync, rename), so a reader sees a whole old record, a
 * whole new one, or none. Anything unreadable is reported as 'corrupt' so the cache can delete it and
 * treat it as a miss: a damaged record must never be served. A record from a newer Weft (a higher
 * `version`) is left alone - the newer app sharing this folder still wants it.
 */
import { promises as fsp } from 'node:fs';
import { StorageError, isErrno, removeFileIfPresent, toStorageError } from '../storage/errors';
import type { StorageFs } from '../storage/fs-seam';
import { writeFileAtomic } from '../storage/atomic';
import { formatIssuePath } from '../storage/read-json';
import { CALL_RECORD_FORMAT, CALL_RECORD_VERSION, CallRecordSchema, type CallRecord } from './call-record';
import { callKeyOf, callRecordPath, listFanout, type CacheLayout, type RemoveOutcome } from './layout';

export type CallReadResult =
  | { kind: 'found'; record: CallRecord; lastUsedMs: number }
  | { kind: 'missing' }
  | { kind: 'corrupt'; reason: string; lastUsedMs: number }
  | { kind: 'newer'; version: number; raw: unknown; lastUsedMs: number };

export interface CallFile {
  key: string;
  path: string;
  lastUsedMs: number;
}

export class CallStore {
  constructor(
    readonly layout: CacheLayout,
    private readonly fs?: StorageFs,
  ) {}

  pathOf(key: string): string {
    return callRecordPath(this.layout, key);
  }

  async read(key: string): Promise<CallReadResult> {
    const path = this.pathOf(key);
    let text: string;
    let lastUsedMs: number;
    try {
      // stat before read: if the file is replaced in between, we report an older mtime, which only
      // makes a later conditional delete (removeIfUnused) refuse - the safe direction.
      lastUsedMs = (await fsp.stat(path)).mtimeMs;
      text = await fsp.readFile(path, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return { kind: 'missing' };
      throw toStorageError(error, path, 'read');
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return { kind: 'corrupt', reason: text.length === 0 ? 'empty file' : 'invalid JSON', lastUsedMs };
    }
    const header = data as { format?: unknown; version?: unknown };
    if (
      header?.format === CALL_RECORD_FORMAT &&
      typeof header.version === 'number' &&
      header.version > CALL_RECORD_VERSION
    ) {
      return { kind: 'newer', version: header.version, raw: data, lastUsedMs };
    }
    const parsed = CallRecordSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { kind: 'corrupt', reason: `${formatIssuePath(issue.path)}: ${issue.message}`, lastUsedMs };
    }
    if (parsed.data.key !== key) return { kind: 'corrupt', reason: 'record is filed under another key', lastUsedMs };
    return { kind: 'found', record: parsed.data, lastUsedMs };
  }

  /** Validates and atomically writes a record; its last-use time is set to `lastUsedMs`. */
  async write(record: CallRecord, lastUsedMs: number): Promise<void> {
    const parsed = CallRecordSchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new StorageError(
        'invalid-argument',
        `refusing to cache call ${String(record.key)}: ${formatIssuePath(issue.path)}: ${issue.message}`,
      );
    }
    const { lastUsedAt: _derived, ...stored } = parsed.data;
    const path = this.pathOf(record.key);
    const options = this.fs ? { tmpDir: this.layout.tmp, fs: this.fs } : { tmpDir: this.layout.tmp };
    await writeFileAtomic(path, `${JSON.stringify(stored)}\n`, options);
    await this.touch(record.key, lastUsedMs);
  }

  /** Refreshes a record's last-use time without rewriting it. False when the record is gone. */
  async touch(key: string, lastUsedMs: number): Promise<boolean> {
    const path = this.pathOf(key);
    const time = new Date(lastUsedMs);
    try {
      await fsp.utimes(path, time, time);
      return true;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return false;
      throw toStorageError(error, path, 'write');
    }
  }

  async remove(key: string): Promise<boolean> {
    return removeFileIfPresent(this.pathOf(key));
  }

  /** Deletes a record only if nobody has used it since `lastUsedMs` (another process may just have hit it). */
  async removeIfUnused(key: string, lastUsedMs: number): Promise<RemoveOutcome> {
    try {
      if ((await fsp.stat(this.pathOf(key))).mtimeMs !== lastUsedMs) return 'in-use';
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return 'gone';
      throw error;
    }
    return (await this.remove(key)) ? 'removed' : 'gone';
  }

  /** Every record file with its last-use time (a snapshot; files may vanish while it is taken). */
  async list(): Promise<CallFile[]> {
    const files: CallFile[] = [];
    for (const { id, path } of await listFanout(this.layout.calls, callKeyOf)) {
      try {
        files.push({ key: id, path, lastUsedMs: (await fsp.stat(path)).mtimeMs });
      } catch (error) {
        if (!isErrno(error, 'ENOENT')) throw error;
      }
    }
    return files;
  }
}
