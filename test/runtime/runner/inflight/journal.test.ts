// The in-flight journal on disk: entries written whole, found by call key, handed over by rename so
// only one of several racing processes wins one, released for later runs or removed, swept when old;
// and who holds one is judged alive or dead as a crashed process would leave it.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { holderState, holderTag, currentHolder } from '../../../../src/runtime/runner/inflight/holder';
import { InflightJournal, type NewInflightEntry } from '../../../../src/runtime/runner/inflight/journal';
import { useTempDirs } from '../../../helpers/temp-dir';

const KEY = 'a'.repeat(64);
const OTHER_KEY = 'b'.repeat(64);
const HOUR = 60 * 60_000;

function fields(predictionId: string, key = KEY): NewInflightEntry {
  return { key, predictionId, scope: 'https://api.example/v1 0123456789abcdef', model: 'owner/model', modelVersion: 'f'.repeat(64) };
}

describe('the in-flight journal', () => {
  const tempDir = useTempDirs();

  it('writes an entry held by this process, finds it by key, and never writes the scope as anything but given', async () => {
    const dir = tempDir();
    const journal = new InflightJournal(dir);
    const held = await journal.record(fields('p1'));
    await journal.record(fields('p2', OTHER_KEY));
    const found = await journal.find(KEY);
    expect(found.map((f) => [f.entry.predictionId, f.holder])).toEqual([['p1', 'alive']]);
    expect(found[0]!.path).toBe(held.path);
    expect(readdirSync(join(dir, 'inflight')).sort()).toEqual([`${KEY}.p1.${holderTag(currentHolder())}.json`, `${OTHER_KEY}.p2.${holderTag(currentHolder())}.json`].sort());
  });

  it("sees a dead process's entry as dead, and lets exactly one of two racing processes claim it", async () => {
    const dir = tempDir();
    await new InflightJournal(dir, { holder: { nonce: 'killed' } }).record(fields('p1'));
    const alive = (pid: number) => pid === 1001 || pid === 1002;
    const one = new InflightJournal(dir, { holder: { pid: 1001, isProcessAlive: alive } });
    const two = new InflightJournal(dir, { holder: { pid: 1002, isProcessAlive: alive } });
    const [seenByOne, seenByTwo] = [await one.find(KEY), await two.find(KEY)];
    expect(seenByOne[0]?.holder).toBe('dead');
    const claims = await Promise.all([one.claim(seenByOne[0]!), two.claim(seenByTwo[0]!)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    // The loser now sees the winner alive and holding it.
    const loser = claims[0] ? two : one;
    expect((await loser.find(KEY)).map((f) => f.holder)).toEqual(['alive']);
  });

  it('releases an entry for any later run, and removes one for good', async () => {
    const dir = tempDir();
    const journal = new InflightJournal(dir);
    const held = await journal.record(fields('p1'));
    await journal.release(held);
    expect((await journal.find(KEY)).map((f) => f.holder)).toEqual(['free']);
    const claimed = await journal.claim((await journal.find(KEY))[0]!);
    await journal.remove(claimed!);
    expect(await journal.find(KEY)).toEqual([]);
    await journal.remove(claimed!); // already gone: fine
  });

  it('sweeps entries past the lifetime that nobody alive holds, whatever their key', async () => {
    const dir = tempDir();
    const past = new InflightJournal(dir, { holder: { nonce: 'killed' }, now: () => Date.now() - 2 * HOUR });
    await past.record(fields('old1'));
    await past.record(fields('old2', OTHER_KEY));
    const journal = new InflightJournal(dir);
    const live = await new InflightJournal(dir, { now: () => Date.now() - 2 * HOUR }).record(fields('old-but-followed'));
    await journal.record(fields('young'));
    expect(await journal.sweep(HOUR)).toBe(2);
    expect((await journal.find(KEY)).map((f) => f.entry.predictionId).sort()).toEqual(['old-but-followed', 'young']);
    expect(live.entry.predictionId).toBe('old-but-followed');
  });

  it('drops a damaged entry and ignores files that are not entries', async () => {
    const dir = tempDir();
    const journal = new InflightJournal(dir);
    await journal.record(fields('p1'));
    const folder = join(dir, 'inflight');
    writeFileSync(join(folder, `${KEY}.p2.json`), '{"format":"weft-inflight"');
    writeFileSync(join(folder, `${KEY}.p3.json`), JSON.stringify({ ...fields('another-id'), format: 'weft-inflight', version: 1, createdAt: new Date().toISOString() }));
    writeFileSync(join(folder, 'notes.txt'), 'hello');
    expect((await journal.find(KEY)).map((f) => f.entry.predictionId)).toEqual(['p1']);
    expect(readdirSync(folder).sort()).toEqual([`${KEY}.p1.${holderTag(currentHolder())}.json`, `${KEY}.p3.json`, 'notes.txt'].sort());
  });

  it('refuses a prediction id that could escape its file name', async () => {
    const journal = new InflightJournal(tempDir());
    await expect(journal.record(fields('../../x'))).rejects.toThrow();
    await expect(journal.record(fields('a.b'))).rejects.toThrow();
  });
});

describe('who holds an entry', () => {
  const me = currentHolder({ pid: 500, hostname: 'here', nonce: 'n1', isProcessAlive: (pid) => pid === 600 });

  it('is alive in this process, and dead under an earlier process that had the same pid', () => {
    expect(holderState(holderTag(me), me)).toBe('alive');
    expect(holderState(holderTag({ ...me, nonce: 'n0' }), me)).toBe('dead');
  });

  it('is alive or dead as another process on this machine is, and cannot be judged on another machine', () => {
    expect(holderState(holderTag({ ...me, pid: 600 }), me)).toBe('alive');
    expect(holderState(holderTag({ ...me, pid: 700 }), me)).toBe('dead');
    expect(holderState(holderTag({ ...me, pid: 700, hostname: 'there' }), me)).toBe('elsewhere');
  });
});
