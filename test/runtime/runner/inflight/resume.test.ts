// A run that dies while its prediction runs on Replicate must not make the next run pay for it again:
// the next run adopts the prediction from the in-flight journal - following it if it still runs,
// downloading its outputs if it is done - unless it is no use (failed, gone, expired) or not this
// account's. Two runs never both adopt one, and a run waits for a live run's prediction rather than
// paying for the same image twice.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InflightJournal } from '../../../../src/runtime/runner/inflight/journal';
import type { RunEvent } from '../../../../src/runtime/runner/events';
import { eventsOf, statusesOf, useRunnerSetup } from '../setup';
import { fanOut } from '../workflows';
import { runThatDies } from './frozen-run';

type Starting = Extract<RunEvent, { type: 'call-starting' }>;
const HOUR = 60 * 60_000;
/** Long enough that a prediction is still running whatever the test does, until the emulated clock moves. */
const RUNS_AN_HOUR = { predictMs: HOUR };

describe('a run after one that died mid-prediction', () => {
  const setup = useRunnerSetup();
  const journalFiles = (cacheDir: string) => readdirSync(join(cacheDir, 'inflight'));

  it('adopts the finished prediction: no new prediction, the same output, and history says it resumed', async () => {
    const s = await setup();
    const plan = await s.compile(fanOut(1, 'died after creating'));
    const id = await runThatDies(s, plan);
    await s.emulator.waitForPrediction(id);
    expect(journalFiles(s.cacheDir)).toHaveLength(1);

    const result = await s.run(plan, { provider: s.newProvider() });
    expect(statusesOf(result)).toEqual({ s1: 'succeeded' });
    expect(result.calls[0]).toMatchObject({ predictionId: id, resumed: true });
    expect(s.emulator.log.predictionsCreated()).toHaveLength(1);
    expect((eventsOf(s.events, 'call-starting') as Starting[]).map((e) => [e.predictionId, e.resumed])).toEqual([[id, true]]);
    expect((await s.history.get(result.runId))?.calls[0]).toMatchObject({ status: 'succeeded', predictionId: id, resumed: true });
    expect((await s.cache.get(result.calls[0]!.key!))?.prediction.id).toBe(id);
    expect(journalFiles(s.cacheDir)).toEqual([]);
  });

  it('adopts a prediction whose create answer was lost and was found again, like any other', async () => {
    const s = await setup();
    s.emulator.faults.serverError({ method: 'POST', path: '/v1/predictions', afterHandling: true, times: 1 });
    const plan = await s.compile(fanOut(1, 'died after a lost create answer'));
    const id = await runThatDies(s, plan);
    expect(s.emulator.log.withStatus(500)).toHaveLength(1);
    await s.emulator.waitForPrediction(id);
    const result = await s.run(plan, { provider: s.newProvider() });
    expect(result.calls[0]).toMatchObject({ status: 'succeeded', predictionId: id, resumed: true });
    // One create in all (its answer lost), which made the one prediction.
    expect(s.emulator.log.filter('predictions.create').map((e) => e.predictionId)).toEqual([id]);
  });

  it('follows the prediction while it still runs, with progress, then keeps its output', async () => {
    const s = await setup();
    s.emulator.faults.slowPredictions({ ...RUNS_AN_HOUR, times: 1 });
    const plan = await s.compile(fanOut(1, 'died while it ran'));
    const id = await runThatDies(s, plan);
    const result = await s.run(plan, {
      provider: s.newProvider(),
      onEvent: (event) => {
        s.events.push(event);
        // Once it follows the running prediction, let the hour pass on Replicate.
        if (event.type === 'call-starting') s.emulator.clock.advance(HOUR);
      },
    });
    expect(statusesOf(result)).toEqual({ s1: 'succeeded' });
    expect(result.calls[0]?.predictionId).toBe(id);
    expect(s.emulator.log.predictionsCreated()).toHaveLength(1);
    expect(eventsOf(s.events, 'call-progress').length).toBeGreaterThan(0);
  });

  it('does not adopt an entry older than the hour Replicate keeps outputs: it creates, and sweeps the entry', async () => {
    const s = await setup();
    const plan = await s.compile(fanOut(1, 'died long ago'));
    await s.emulator.waitForPrediction(await runThatDies(s, plan));
    const result = await s.run(plan, { provider: s.newProvider(), now: () => Date.now() + HOUR + 60_000 });
    expect(statusesOf(result)).toEqual({ s1: 'succeeded' });
    expect(result.calls[0]?.resumed).toBeUndefined();
    expect(s.emulator.log.predictionsCreated()).toHaveLength(2);
    expect(journalFiles(s.cacheDir)).toEqual([]);
  });

  it("does not adopt another account's prediction, and leaves its entry to that account", async () => {
    const s = await setup();
    s.emulator.setTokens([s.emulator.token, 'r8_another_account']);
    try {
      const plan = await s.compile(fanOut(1, 'died under another token'));
      await s.emulator.waitForPrediction(await runThatDies(s, plan));
      const result = await s.run(plan, { provider: s.newProvider({ token: 'r8_another_account' }) });
      expect(statusesOf(result)).toEqual({ s1: 'succeeded' });
      expect(result.calls[0]?.resumed).toBeUndefined();
      expect(s.emulator.log.predictionsCreated()).toHaveLength(2);
      expect(journalFiles(s.cacheDir)).toHaveLength(1);
    } finally {
      s.emulator.setTokens([s.emulator.token]);
    }
  });

  it('creates a prediction again when the one it left failed', async () => {
    const s = await setup();
    const plan = await s.compile(fanOut(1, 'died, and its prediction failed'));
    s.emulator.faults.failPredictions({ times: 1 });
    const id = await runThatDies(s, plan);
    expect((await s.emulator.waitForPrediction(id)).status).toBe('failed');
    const result = await s.run(plan, { provider: s.newProvider() });
    expect(statusesOf(result)).toEqual({ s1: 'succeeded' });
    expect(result.calls[0]?.predictionId).not.toBe(id);
    expect(result.calls[0]?.resumed).toBeUndefined();
    expect(s.emulator.log.predictionsCreated()).toHaveLength(2);
    expect((eventsOf(s.events, 'call-starting') as Starting[]).map((e) => e.resumed)).toEqual([undefined]);
    expect(journalFiles(s.cacheDir)).toEqual([]);
  });

  it('creates a prediction again when Replicate no longer has the one it left (404), or deleted its outputs', async () => {
    const s = await setup();
    const plan = await s.compile(fanOut(2, 'died, and its prediction is gone'));
    const key = (node: string) => plan.calls.find((c) => c.node === node)!.key!;
    const scope = s.provider.predictionScope;
    const dead = new InflightJournal(s.cacheDir, { holder: { nonce: 'killed' } });
    const call = plan.calls[0]!;
    await dead.record({ key: key('s1'), predictionId: 'nosuchprediction0000000000', scope, model: call.model, modelVersion: call.version });
    // s2's prediction ran and Replicate has since deleted its outputs.
    const first = await s.run(plan, { only: 's2' });
    const made = first.calls[0]!.predictionId!;
    await s.cache.delete(key('s2'));
    s.emulator.removePredictionData(made);
    await dead.record({ key: key('s2'), predictionId: made, scope, model: call.model, modelVersion: call.version });
    s.emulator.resetLog();

    const result = await s.run(plan, { provider: s.newProvider() });
    expect(statusesOf(result)).toEqual({ s1: 'succeeded', s2: 'succeeded' });
    expect(s.emulator.log.predictionsCreated()).toHaveLength(2);
    expect(journalFiles(s.cacheDir)).toEqual([]);
  });

  it('lets only one of two runs starting at once adopt it; the other waits and takes the result from the cache', async () => {
    const s = await setup();
    s.emulator.faults.slowPredictions({ ...RUNS_AN_HOUR, times: 1 });
    const plan = await s.compile(fanOut(1, 'died, then two runs at once'));
    const id = await runThatDies(s, plan);
    // Two processes (the app and the CLI): each its own journal identity, both alive.
    const alive = (pid: number) => pid === 1001 || pid === 1002;
    const runIn = (pid: number) =>
      s.run(plan, {
        provider: s.newProvider(),
        journal: new InflightJournal(s.cacheDir, { tmpDir: s.cache.layout.tmp, holder: { pid, isProcessAlive: alive } }),
        journalPollMs: 5,
        onEvent: (event) => {
          s.events.push(event);
          if (event.type === 'call-starting') s.emulator.clock.advance(HOUR);
        },
      });
    const results = await Promise.all([runIn(1001), runIn(1002)]);
    expect(results.map((r) => r.calls[0]!.status).sort()).toEqual(['cached', 'succeeded']);
    expect(results.map((r) => r.calls[0]!.predictionId)).toEqual([id, id]);
    expect(eventsOf(s.events, 'call-starting')).toHaveLength(1);
    expect(s.emulator.log.predictionsCreated()).toHaveLength(1);
    // Paid (and counted) once.
    expect(results.map((r) => r.totals.ran).sort()).toEqual([0, 1]);
    expect(journalFiles(s.cacheDir)).toEqual([]);
  });

  it('waits for a live run that follows the same prediction instead of paying for it again', async () => {
    const s = await setup();
    s.emulator.faults.slowPredictions({ ...RUNS_AN_HOUR, times: 1 });
    const plan = await s.compile(fanOut(1, 'two runs of one call'));
    let waiting!: () => void;
    const secondWaits = new Promise<void>((resolve) => (waiting = resolve));
    let second: ReturnType<typeof s.run> | undefined;
    const first = s.run(plan, {
      onEvent: (event) => {
        s.events.push(event);
        if (event.type !== 'call-starting') return;
        second = s.run(plan, {
          provider: s.newProvider(),
          journalPollMs: 5,
          sleep: async (ms) => {
            waiting();
            await new Promise((resolve) => setTimeout(resolve, ms));
          },
        });
      },
    });
    await secondWaits;
    s.emulator.clock.advance(HOUR);
    const [a, b] = [await first, await second!];
    expect(statusesOf(a)).toEqual({ s1: 'succeeded' });
    expect(statusesOf(b)).toEqual({ s1: 'cached' });
    expect(s.emulator.log.predictionsCreated()).toHaveLength(1);
  });

  it('journals nothing when the journal is off, and then pays again (the old behaviour)', async () => {
    const s = await setup();
    const plan = await s.compile(fanOut(1, 'no journal'));
    const result = await s.run(plan, { journal: false });
    expect(result.status).toBe('succeeded');
    expect(() => journalFiles(s.cacheDir)).toThrow();
  });
});
