// What "the cache is consistent" means, checked from the files on disk rather than through the Cache
// class (which would hide damage by treating it as a miss): every blob's bytes hash to its name, every
// record parses and its outputs exist at the recorded size, and nothing but finished files sits in
// blobs/ and calls/.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { CallRecordSchema, type CallRecord } from '../../../src/runtime/cache/call-record';
import { filesUnder } from './tree';

export interface CacheAudit {
  blobs: number;
  records: CallRecord[];
  /** One line per thing wrong; empty when the cache is consistent. */
  problems: string[];
}

export function auditCache(cacheDir: string): CacheAudit {
  const problems: string[] = [];
  const blobsDir = join(cacheDir, 'blobs');
  const sizes = new Map<string, number>();
  for (const file of filesUnder(blobsDir)) {
    const name = basename(file);
    const where = relative(cacheDir, file);
    if (!/^[0-9a-f]{64}$/.test(name) || basename(dirname(file)) !== name.slice(0, 2)) {
      problems.push(`${where}: not a blob name (a temp or stray file among served blobs)`);
      continue;
    }
    const bytes = readFileSync(file);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== name) problems.push(`${where}: bytes hash to ${actual.slice(0, 12)}…, not to its name (partial or damaged blob)`);
    sizes.set(name, bytes.length);
  }
  const records: CallRecord[] = [];
  for (const file of filesUnder(join(cacheDir, 'calls'))) {
    const where = relative(cacheDir, file);
    if (!/^[0-9a-f]{64}\.json$/.test(basename(file))) {
      problems.push(`${where}: not a record name`);
      continue;
    }
    let parsed;
    try {
      parsed = CallRecordSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      problems.push(`${where}: not JSON (a half-written record)`);
      continue;
    }
    if (!parsed.success) {
      problems.push(`${where}: not a valid record`);
      continue;
    }
    const record = parsed.data;
    records.push(record);
    for (const output of record.outputs) {
      const size = sizes.get(output.sha256);
      if (size === undefined) problems.push(`${where}: output ${output.sha256.slice(0, 12)}… is not in blobs/`);
      else if (size !== output.size) problems.push(`${where}: output ${output.sha256.slice(0, 12)}… has ${size} bytes, the record says ${output.size}`);
    }
  }
  return { blobs: sizes.size, records, problems };
}

/** Temp files still in the cache's tmp/ folder (debris a crash may leave; never served, swept later). */
export function tempDebris(cacheDir: string): string[] {
  return filesUnder(join(cacheDir, 'tmp')).filter((file) => statSync(file).isFile());
}
