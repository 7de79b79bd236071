import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Cache, type CacheOptions } from '../../../src/runtime/cache/cache';
import { CallRecordSchema } from '../../../src/runtime/cache/call-record';
import { StorageError, errnoError } from '../../../src/runtime/storage/errors';
import { useTempDirs } from '../../helpers/temp-dir';
import { runUntilThenKill } from '../child-process';
import { withTempWrite } from '../storage/faulty-fs';
import { callEntry, pngLike, sha, sha256Of } from './images';

const tempDir = useTempDirs();
const T0 = 1_700_000_000_000;

async function openCache(options: CacheOptions = {}, root = tempDir()) {
  const clock = { now: T0 };
  const cache = await Cache.open(root, { now: () => clock.now, ...options });
  return { cache, clock, root };
}

async function rejection(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

describe('Cache.put and Cache.get', () => {
  it('stores the outputs as blobs and one record per key, and answers hits', async () => {
    const { cache, clock, root } = await openCache();
    const entry = callEntry('cat');
    const written = await cache.put(entry);
    const outputSha = sha256Of(pngLike('out:cat'));
    expect(written.outputs).toEqual([{ sha256: outputSha, mediaType: 'image/png', size: 256, width: 64, height: 64 }]);
    expect(written.createdAt).toBe(new Date(T0).toISOString());
    await fsp.access(join(root, 'calls', entry.key.slice(0, 2), `${entry.key}.json`));
    await fsp.access(join(root, 'blobs', outputSha.slice(0, 2), outputSha));
    expect(await fsp.readFile(join(root, 'CACHEDIR.TAG'), 'utf8')).toMatch(/^Signature: 8a477f597d28d172789f06886806bc55/);

    clock.now = T0 + 5000;
    const hit = await cache.get(entry.key);
    expect(hit).toEqual({ ...written, lastUsedAt: new Date(T0 + 5000).toISOString() });
    expect(CallRecordSchema.parse(hit)).toBeTruthy();
  });

  it('a hit refreshes the record’s last use with utimes, without rewriting it', async () => {
    const { cache, clock } = await openCache();
    const entry = callEntry('cat');
    await cache.put(entry);
    const path = cache.calls.pathOf(entry.key);
    const before = await fsp.readFile(path);
    const inode = (await fsp.stat(path)).ino;
    clock.now = T0 + 3_600_000;
    await cache.get(entry.key);
    const after = await fsp.stat(path);
    expect(after.mtimeMs).toBe(T0 + 3_600_000);
    expect(after.ino).toBe(inode);
    expect(await fsp.readFile(path)).toEqual(before);
  });

  it('misses unknown keys and rejects malformed ones', async () => {
    const { cache } = await openCache();
    expect(await cache.get(sha('nothing'))).toBeNull();
    expect((await rejection(cache.get('../../secrets'))).code).toBe('invalid-argument');
  });

  it.each([
    ['garbage', 'not json at all'],
    ['a partial (truncated) record', null],
    ['an empty file', ''],
    ['a record of the wrong shape', JSON.stringify({ format: 'weft-call', version: 1, key: 'x' })],
  ])('treats %s as a miss and removes it', async (_name, contents) => {
    const { cache } = await openCache();
    const entry = callEntry('cat');
    await cache.put(entry);
    const path = cache.calls.pathOf(entry.key);
    const full = await fsp.readFile(path, 'utf8');
    await fsp.writeFile(path, contents ?? full.slice(0, Math.floor(full.length / 2)));
    expect(await cache.get(entry.key)).toBeNull();
    await expect(fsp.access(path)).rejects.toThrow();
  });

  it('treats a record filed under another key as a miss', async () => {
    const { cache } = await openCache();
    const a = callEntry('a');
    const b = callEntry('b');
    await cache.put(a);
    await fsp.mkdir(join(cache.layout.calls, b.key.slice(0, 2)), { recursive: true });
    await fsp.copyFile(cache.calls.pathOf(a.key), cache.calls.pathOf(b.key));
    expect(await cache.get(b.key)).toBeNull();
    expect(await cache.get(a.key)).not.toBeNull();
  });

  it('leaves a record from a newer Weft alone (a miss, but not deleted)', async () => {
    const { cache } = await openCache();
    const entry = callEntry('future');
    await cache.put(entry);
    const path = cache.calls.pathOf(entry.key);
    const record = JSON.parse(await fsp.readFile(path, 'utf8'));
    await fsp.writeFile(path, JSON.stringify({ ...record, version: 2, somethingNew: true }));
    expect(await cache.get(entry.key)).toBeNull();
    await fsp.access(path);
  });

  it('a record whose output blob was deleted is a miss, and the stale record goes', async () => {
    const { cache } = await openCache();
    const entry = callEntry('cat');
    const { outputs } = await cache.put(entry);
    await cache.blobs.remove(outputs[0]!.sha256);
    expect(await cache.get(entry.key)).toBeNull();
    await expect(fsp.access(cache.calls.pathOf(entry.key))).rejects.toThrow();
  });

  it('a record whose output blob is truncated is a miss, and both go', async () => {
    const { cache } = await openCache();
    const entry = callEntry('cat', 'out', 4096);
    const { outputs } = await cache.put(entry);
    const blob = outputs[0]!.sha256;
    await fsp.truncate(join(cache.layout.blobs, blob.slice(0, 2), blob), 1000);
    expect(await cache.get(entry.key)).toBeNull();
    expect(await cache.blobs.has(blob)).toBe(false);
  });

  it('a record left half-written by a process killed mid-write is never served, and is swept later', async () => {
    const root = tempDir();
    const entry = callEntry('killed');
    await runUntilThenKill(join(__dirname, 'fixtures', 'killed-writer.ts'), [root, 'killed']);

    const leftovers = await fsp.readdir(join(root, 'tmp'));
    expect(leftovers).toHaveLength(1);
    expect(leftovers[0]).toContain(`${entry.key}.json`);
    await expect(fsp.access(join(root, 'calls', entry.key.slice(0, 2), `${entry.key}.json`))).rejects.toThrow();

    const { cache } = await openCache({}, root);
    expect(await cache.get(entry.key)).toBeNull();
    expect(await fsp.readdir(join(root, 'tmp'))).toHaveLength(1); // too fresh to be sure its writer is dead
    await openCache({ tempMaxAgeMs: 0 }, root);
    expect(await fsp.readdir(join(root, 'tmp'))).toEqual([]);
    // The blobs it finished are complete and usable; a fresh put of the same call completes the entry.
    await cache.put(entry);
    expect(await cache.get(entry.key)).not.toBeNull();
  });

  it('writes blobs before the record: a record write that fails leaves no record behind', async () => {
    const recordsFail = withTempWrite((real, path) => async (buffer, offset, length, position) => {
      if (path.includes('.json.')) throw errnoError('ENOSPC', 'write', path);
      return real.write(buffer, offset, length, position);
    });
    const { cache } = await openCache({ fs: recordsFail });
    const entry = callEntry('cat');
    const error = await rejection(cache.put(entry));
    expect(error.code).toBe('disk-full');
    expect(error.message).toBe(
      `disk is full while writing ${cache.calls.pathOf(entry.key)}: free some space and try again; nothing was overwritten`,
    );
    expect(await cache.blobs.has(sha256Of(pngLike('out:cat')))).toBe(true);
    expect(await cache.get(entry.key)).toBeNull();
    expect(await fsp.readdir(cache.layout.tmp)).toEqual([]);
  });

  it('validates a record before storing anything', async () => {
    const { cache } = await openCache();
    const bad = { ...callEntry('cat'), input: { image: { $blob: 'not-a-sha' } } };
    expect((await rejection(cache.put(bad))).message).toMatch(/input\.image: an image reference must be exactly/);
    const noOutputs = { ...callEntry('dog'), outputs: [] };
    expect((await rejection(cache.put(noOutputs))).message).toMatch(/no outputs/);
    expect(await cache.blobs.list()).toEqual([]);
  });

  it('refuses outputs that are not images', async () => {
    const { cache } = await openCache();
    const svg = { ...callEntry('cat'), outputs: [{ bytes: Buffer.from('<svg onload="alert(1)"/>') }] };
    expect((await rejection(cache.put(svg))).code).toBe('not-an-image');
    expect(await cache.get(svg.key)).toBeNull();
  });

  it('accepts outputs already stored by sha256 (e.g. streamed during download)', async () => {
    const { cache } = await openCache();
    const { sha256 } = await cache.blobs.putImage(pngLike('downloaded'));
    const record = await cache.put({ ...callEntry('cat'), outputs: [{ sha256, width: 8, height: 8 }] });
    expect(record.outputs).toEqual([{ sha256, size: 256, mediaType: 'image/png', width: 8, height: 8 }]);
    const missing = { ...callEntry('dog'), outputs: [{ sha256: sha('never stored') }] };
    expect((await rejection(cache.put(missing))).code).toBe('not-found');
  });

  it('replaces the record when the same key is put again', async () => {
    const { cache } = await openCache();
    const entry = callEntry('cat');
    await cache.put(entry);
    await cache.put({ ...entry, prediction: { id: 'second', provider: 'cog' } });
    expect((await cache.get(entry.key))?.prediction).toEqual({ id: 'second', provider: 'cog' });
  });
});

describe('Cache.stats, prune and clear', () => {
  it('stats counts records, blobs and bytes', async () => {
    const { cache, clock } = await openCache({ limitBytes: 123_456 });
    expect(await cache.stats()).toEqual({ calls: 0, blobs: 0, bytes: 0, limitBytes: 123_456, oldest: null, newest: null });
    await cache.put(callEntry('a', 'shared', 1000));
    clock.now = T0 + 1000;
    await cache.put(callEntry('b', 'shared', 1000));
    await cache.put(callEntry('c', 'own', 500));
    expect(await cache.stats()).toEqual({
      calls: 3,
      blobs: 2,
      bytes: 1500,
      limitBytes: 123_456,
      oldest: new Date(T0).toISOString(),
      newest: new Date(T0 + 1000).toISOString(),
    });
  });

  it('evicts the least recently used calls first (a hit counts as use)', async () => {
    const { cache, clock } = await openCache({ autoPrune: false });
    const [a, b, c] = [callEntry('a', 'A', 1000), callEntry('b', 'B', 1000), callEntry('c', 'C', 1000)];
    await cache.put(a);
    clock.now = T0 + 1000;
    await cache.put(b);
    clock.now = T0 + 2000;
    await cache.put(c);
    clock.now = T0 + 3000;
    expect(await cache.get(a.key)).not.toBeNull(); // a is now the most recently used

    const report = await cache.prune({ limitBytes: 2000 });
    expect(report).toMatchObject({ removedCalls: 1, removedBlobs: 1, freedBytes: 1000, bytesBefore: 3000, bytesAfter: 2000 });
    expect(await cache.get(b.key)).toBeNull();
    expect(await cache.get(a.key)).not.toBeNull();
    expect(await cache.get(c.key)).not.toBeNull();

    clock.now = T0 + 4000;
    await cache.get(c.key);
    await cache.prune({ limitBytes: 1000 });
    expect(await cache.get(a.key)).toBeNull();
    expect(await cache.get(c.key)).not.toBeNull();
  });

  it('evicts unreferenced blobs (imported inputs) by their own last use, and spares in-flight ones', async () => {
    const { cache, clock } = await openCache({ autoPrune: false, inFlightGraceMs: 60_000 });
    const oldInput = await cache.blobs.putImage(pngLike('old input', 1000));
    clock.now = T0 + 10 * 60_000;
    const entry = callEntry('cat', 'out', 1000);
    await cache.put(entry);
    const freshInput = await cache.blobs.putImage(pngLike('fresh input', 1000));

    const report = await cache.prune({ limitBytes: 1000 });
    expect(await cache.blobs.has(oldInput.sha256)).toBe(false);
    expect(await cache.blobs.has(freshInput.sha256)).toBe(true); // used within the grace period
    expect(await cache.get(entry.key)).toBeNull(); // the record had to go to get closer to the limit
    expect(report.bytesAfter).toBe(1000);
  });

  it('drops damaged and stale records while pruning', async () => {
    const { cache } = await openCache({ autoPrune: false });
    const a = callEntry('a');
    const b = callEntry('b');
    await cache.put(a);
    const { outputs } = await cache.put(b);
    await fsp.writeFile(cache.calls.pathOf(a.key), '{"format":"weft-call"');
    await cache.blobs.remove(outputs[0]!.sha256);
    const report = await cache.prune();
    expect(report.removedInvalid).toBe(2);
    expect(await cache.calls.list()).toEqual([]);
  });

  it('prunes automatically after a put that crosses the limit, without rescanning on every put', async () => {
    const { cache, clock } = await openCache({ limitBytes: 5000 });
    const list = vi.spyOn(cache.blobs, 'list');
    const entries = Array.from({ length: 8 }, (_, i) => callEntry(`e${i}`, `o${i}`, 1000));
    for (const [i, entry] of entries.entries()) {
      clock.now = T0 + i * 1000;
      await cache.put(entry);
    }
    // One scan for the starting total, then one per prune: puts 6 and 8 crossed 5000 bytes.
    expect(list).toHaveBeenCalledTimes(3);
    const stats = await cache.stats();
    expect(stats.bytes).toBeLessThanOrEqual(5000);
    expect(await cache.get(entries[0]!.key)).toBeNull();
    expect(await cache.get(entries[7]!.key)).not.toBeNull();
  });

  it('clear removes every record and blob', async () => {
    const { cache } = await openCache();
    await cache.put(callEntry('a'));
    await cache.blobs.putImage(pngLike('input'));
    await cache.clear();
    expect(await cache.stats()).toMatchObject({ calls: 0, blobs: 0, bytes: 0 });
    await cache.put(callEntry('b')); // and it still works afterwards
    expect(await cache.get(callEntry('b').key)).not.toBeNull();
  });

  it('a record used since the prune’s snapshot is not removed', async () => {
    const { cache } = await openCache();
    const entry = callEntry('cat');
    await cache.put(entry);
    const [file] = await cache.calls.list();
    await cache.calls.touch(entry.key, T0 + 1000);
    expect(await cache.calls.removeIfUnused(entry.key, file!.lastUsedMs)).toBe('in-use');
    expect(await cache.calls.removeIfUnused(sha('other'), T0)).toBe('gone');
  });
});

describe('two processes sharing one cache folder', () => {
  it('concurrent puts and gets from two caches stay consistent', async () => {
    const root = tempDir();
    const [a, b] = [await Cache.open(root), await Cache.open(root)];
    const entries = Array.from({ length: 15 }, (_, i) => callEntry(`c${i}`, `out${i % 5}`, 20_000));
    await Promise.all(entries.flatMap((entry, i) => [a.put(entry), b.put(entry), (i % 2 ? a : b).get(entry.key)]));
    for (const entry of entries) {
      for (const cache of [a, b]) {
        const hit = await cache.get(entry.key);
        expect(hit?.key).toBe(entry.key);
        expect(await cache.blobs.verify(hit!.outputs[0]!.sha256)).toBe('ok');
      }
    }
    expect(await a.stats()).toMatchObject({ calls: 15, blobs: 5 });
    expect(await fsp.readdir(a.layout.tmp)).toEqual([]);
  });

  it('a prune in one never makes the other serve a record without its images', async () => {
    const root = tempDir();
    const writer = await Cache.open(root, { autoPrune: false });
    const pruner = await Cache.open(root, { autoPrune: false, inFlightGraceMs: 0 });
    const entries = Array.from({ length: 30 }, (_, i) => callEntry(`p${i}`, `o${i}`, 5000));
    const served: string[] = [];
    await Promise.all([
      (async () => {
        for (const entry of entries) {
          await writer.put(entry);
          const hit = await writer.get(entry.key);
          if (hit) served.push(hit.outputs[0]!.sha256);
        }
      })(),
      (async () => {
        for (let i = 0; i < 10; i++) await pruner.prune({ limitBytes: 20_000 });
      })(),
    ]);
    // Whatever got evicted in between, every hit that was served pointed at blobs that existed when served.
    for (const entry of entries) {
      const hit = await writer.get(entry.key);
      if (hit) expect(await writer.blobs.has(hit.outputs[0]!.sha256)).toBe(true);
    }
    expect(served.length).toBeGreaterThan(0);
  });
});
