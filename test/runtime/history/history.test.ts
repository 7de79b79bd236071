import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { History, type HistoryOptions, type NewRunCall } from '../../../src/runtime/history/history';
import { RunRecordSchema } from '../../../src/runtime/history/schema';
import { writeFileAtomic } from '../../../src/runtime/storage/atomic';
import { StorageError, errnoError } from '../../../src/runtime/storage/errors';
import { useTempDirs } from '../../helpers/temp-dir';
import { runUntilThenKill } from '../child-process';

const tempDir = useTempDirs();
const T0 = Date.parse('2025-03-01T10:00:00.000Z');
const SHA = 'c'.repeat(64);

function planned(node: string): NewRunCall {
  return { node, model: 'black-forest-labs/flux-dev', version: null, input: { prompt: node, image: { $blob: SHA } }, seed: 7 };
}

async function openHistory(options: HistoryOptions = {}, dataDir = tempDir()) {
  const clock = { now: T0 };
  const writes: string[] = [];
  const history = await History.open(dataDir, {
    now: () => clock.now,
    writeFile: async (path, text) => {
      writes.push(path);
      await writeFileAtomic(path, text);
    },
    ...options,
  });
  return { history, clock, writes, dataDir };
}

async function onDisk(dataDir: string, id: string) {
  return RunRecordSchema.parse(JSON.parse(await fsp.readFile(join(dataDir, 'history', `${id}.json`), 'utf8')));
}

describe('History', () => {
  it('records a run from start to finish', async () => {
    const { history, clock, dataDir } = await openHistory();
    const run = await history.startRun({ workflowName: 'portrait', workflowPath: '/w/portrait.weft', calls: [planned('a'), planned('b')] });
    expect(run.id).toMatch(/^20250301-100000000-[0-9a-f]{6}$/);
    expect(await onDisk(dataDir, run.id)).toMatchObject({ status: 'running', totals: { calls: 2 }, owner: { pid: process.pid } });
    await fsp.access(join(dataDir, 'history', 'running', run.id));

    clock.now = T0 + 1000;
    history.updateCall(run.id, 'a', { status: 'succeeded', cached: true, outputs: [{ sha256: SHA, mediaType: 'image/png' }] });
    history.updateCall(run.id, 'b', { status: 'running', startedAt: new Date(clock.now).toISOString() });
    clock.now = T0 + 9000;
    history.updateCall(run.id, 'b', { status: 'succeeded', predictionId: 'p1', predictTime: 6.5, estimatedCost: 0.16 });
    const finished = await history.finishRun(run.id);

    expect(finished).toMatchObject({
      status: 'succeeded',
      finishedAt: new Date(T0 + 9000).toISOString(),
      totals: { calls: 2, cached: 1, ran: 1, failed: 0, predictTime: 6.5, estimatedCost: 0.16 },
    });
    expect(await onDisk(dataDir, run.id)).toEqual(finished);
    expect(await history.get(run.id)).toEqual(finished);
    await expect(fsp.access(join(dataDir, 'history', 'running', run.id))).rejects.toThrow();
  });

  it('a failed call fails the run; calls that never ran are skipped, or canceled with the run', async () => {
    const { history } = await openHistory();
    const failed = await history.startRun({ calls: [planned('a'), planned('b')] });
    history.updateCall(failed.id, 'a', { status: 'failed', error: 'NSFW content detected' });
    const done = await history.finishRun(failed.id);
    expect(done.status).toBe('failed');
    expect(done.calls.map((c) => c.status)).toEqual(['failed', 'skipped']);
    expect(done.totals.failed).toBe(1);

    const canceled = await history.startRun({ calls: [planned('a')] });
    history.updateCall(canceled.id, 'a', { status: 'running' });
    expect((await history.finishRun(canceled.id, 'canceled')).calls[0]!.status).toBe('canceled');
  });

  it('adds calls that were not planned, and rejects incomplete or invalid ones', async () => {
    const { history } = await openHistory();
    const run = await history.startRun();
    history.updateCall(run.id, 'late', { model: 'm/n', version: 'v1', input: {}, status: 'running' });
    expect(() => history.updateCall(run.id, 'nameless', { status: 'running' })).toThrow(StorageError);
    expect(() => history.updateCall(run.id, 'late', { outputs: [{ sha256: 'nope', mediaType: 'image/png' }] })).toThrow(
      /outputs\.0\.sha256/,
    );
    expect(() => history.updateCall('20250101-000000000-abcdef', 'x', {})).toThrow(/not in progress/);
    expect((await history.get(run.id))?.calls.map((c) => c.node)).toEqual(['late']);
    await history.close(); // flushes now, so no timer writes into the folder after it is cleaned up
  });

  it('coalesces updates: 500 calls x 10 updates write the file a handful of times, not 5000', async () => {
    const { history, writes } = await openHistory({ flushIntervalMs: 60_000 });
    const calls = Array.from({ length: 500 }, (_, i) => planned(`n${i}`));
    const run = await history.startRun({ calls });
    for (let step = 0; step < 10; step++) {
      for (const call of calls) history.updateCall(run.id, call.node, { status: step < 9 ? 'running' : 'succeeded', predictTime: step });
    }
    const done = await history.finishRun(run.id);
    expect(writes.filter((p) => p.endsWith(`${run.id}.json`))).toHaveLength(2); // start + finish
    expect(done.totals).toMatchObject({ calls: 500, ran: 500, predictTime: 500 * 9 });
  });

  it('flushes coalesced updates on its own after the interval', async () => {
    const { history, dataDir, writes } = await openHistory({ flushIntervalMs: 20 });
    const run = await history.startRun({ calls: [planned('a')] });
    for (let i = 0; i < 50; i++) history.updateCall(run.id, 'a', { status: 'running', predictTime: i });
    await vi.waitFor(async () => expect((await onDisk(dataDir, run.id)).calls[0]!.predictTime).toBe(49), { timeout: 2000 });
    expect(writes).toHaveLength(2);
    await history.finishRun(run.id);
  });

  it('a failed background write is reported and retried by the final write', async () => {
    let failNext = false;
    const errors: unknown[] = [];
    const { history, dataDir } = await openHistory({
      flushIntervalMs: 60_000,
      onError: (e) => errors.push(e),
      writeFile: async (path, text) => {
        if (failNext) {
          failNext = false;
          throw errnoError('ENOSPC', 'write', path);
        }
        await writeFileAtomic(path, text);
      },
    });
    const run = await history.startRun({ calls: [planned('a')] });
    history.updateCall(run.id, 'a', { status: 'succeeded' });
    failNext = true;
    await expect(history.flush(run.id)).rejects.toThrow(/ENOSPC/);
    expect(errors).toHaveLength(1);
    await history.finishRun(run.id);
    expect((await onDisk(dataDir, run.id)).calls[0]!.status).toBe('succeeded');
  });

  it('lists runs newest first, without their calls, skipping damaged files', async () => {
    const { history, clock, dataDir } = await openHistory();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      clock.now = T0 + i * 60_000;
      const run = await history.startRun({ workflowName: `w${i}`, calls: [planned('a')] });
      await history.finishRun(run.id);
      ids.push(run.id);
    }
    await fsp.writeFile(join(dataDir, 'history', `${ids[2]}.json`), '{"format":"weft-run", trunc');
    const listed = await history.list({ limit: 2 });
    expect(listed.map((r) => r.workflowName)).toEqual(['w3', 'w1']);
    expect(listed[0]).not.toHaveProperty('calls');
    expect((await history.list()).map((r) => r.id)).toEqual([ids[3], ids[1], ids[0]]);
    await expect(history.get(ids[2]!)).rejects.toThrow(/damaged/);
    expect(await history.get('../../etc/passwd')).toBeNull();
    expect(await history.get('20200101-000000000-000000')).toBeNull();
  });
});

describe('History: runs whose owner died', () => {
  it('a run left "running" by a process killed with SIGKILL is marked interrupted when history is next opened', async () => {
    const dataDir = tempDir();
    const { output } = await runUntilThenKill(join(__dirname, 'fixtures', 'run-then-die.ts'), [dataDir]);
    const id = /ready (\S+)/.exec(output)![1]!;
    expect((await onDisk(dataDir, id)).status).toBe('running');

    const history = await History.open(dataDir);
    const record = await onDisk(dataDir, id);
    expect(record.status).toBe('interrupted');
    expect(record.finishedAt).toBeDefined();
    expect(record.calls.map((c) => [c.node, c.status])).toEqual([
      ['sampler', 'interrupted'],
      ['upscale', 'interrupted'],
    ]);
    expect(await history.get(id)).toEqual(record);
    await expect(fsp.access(join(dataDir, 'history', 'running', id))).rejects.toThrow();
  });

  it('leaves runs of live owners alone, and catches a silent owner by its stale heartbeat', async () => {
    const dataDir = tempDir();
    const owner = await openHistory({ pid: 4242, hostname: 'this-host' }, dataDir);
    const run = await owner.history.startRun({ calls: [planned('a')] });
    await owner.history.close(); // stops its heartbeat; the run stays "running" on disk

    const alive = (pid: number) => pid === 4242;
    const soon = await openHistory({ hostname: 'this-host', isProcessAlive: alive }, dataDir);
    expect((await onDisk(dataDir, run.id)).status).toBe('running');
    expect((await soon.history.get(run.id))?.status).toBe('running');

    // Same pid alive (it could have been reused), but no heartbeat for longer than staleAfterMs.
    soon.clock.now = T0 + 10 * 60_000;
    expect((await soon.history.get(run.id))?.status).toBe('interrupted'); // reported...
    expect((await soon.history.list())[0]?.status).toBe('interrupted');
    const later = await openHistory({ hostname: 'this-host', isProcessAlive: alive, now: () => T0 + 10 * 60_000 }, dataDir);
    expect((await onDisk(dataDir, run.id)).status).toBe('interrupted'); // ...and written on open
    expect((await later.history.get(run.id))?.status).toBe('interrupted');
  });

  it('on open, a dead owner’s run is marked interrupted at once, whatever its heartbeat', async () => {
    const dataDir = tempDir();
    const owner = await openHistory({ pid: 999_999, hostname: 'this-host' }, dataDir);
    const run = await owner.history.startRun({ calls: [planned('a')] });
    owner.history.updateCall(run.id, 'a', { status: 'succeeded' });
    await owner.history.flush();
    await owner.history.close();
    await openHistory({ hostname: 'this-host', isProcessAlive: () => false }, dataDir);
    const record = await onDisk(dataDir, run.id);
    expect(record.status).toBe('interrupted');
    expect(record.calls[0]!.status).toBe('succeeded'); // finished calls keep their outcome
  });

  it('a live owner wrongly judged dead (e.g. after a long sleep) puts its run right on its next heartbeat', async () => {
    const { history, dataDir } = await openHistory({ heartbeatMs: 10, flushIntervalMs: 60_000 });
    const run = await history.startRun({ calls: [planned('a')] });
    // What another process does when it decides the owner is dead:
    await openHistory({ isProcessAlive: () => false, pid: 1, hostname: 'elsewhere', staleAfterMs: -1 }, dataDir);
    expect((await onDisk(dataDir, run.id)).status).toBe('interrupted');
    await vi.waitFor(async () => expect((await onDisk(dataDir, run.id)).status).toBe('running'), { timeout: 2000 });
    await fsp.access(join(dataDir, 'history', 'running', run.id));
    expect((await history.finishRun(run.id)).status).toBe('succeeded');
  });
});
