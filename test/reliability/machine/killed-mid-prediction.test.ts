// `weft run` killed with SIGKILL while its prediction runs on Replicate - a crash, a power cut, a laptop
// that never woke up. Replicate runs the prediction on (and bills it) and keeps its output for an hour.
// The next run must not pay for it again: it adopts the prediction from the in-flight journal the killed
// run left in the cache folder, follows or downloads it, and creates nothing.
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeWorkflow } from '../../../src/engine';
import { History } from '../../../src/runtime/history/history';
import type { RunEvent } from '../../../src/runtime/runner/events';
import { runCli } from '../../helpers/cli';
import { auditCache } from '../support/cache-audit';
import { startCli } from '../support/cli-child';
import { useTally } from '../support/tally';
import { withBench } from '../support/with-bench';
import { fanOut } from '../support/workflows';

const HOUR = 60 * 60_000;
type Starting = Extract<RunEvent, { type: 'call-starting' }>;

describe('weft run killed while its predictions run', () => {
  const tally = useTally(__filename);

  for (const when of ['still running', 'finished'] as const) {
    it(`the next run adopts them (${when} by then): no prediction is paid for twice`, () =>
      withBench(async (b) => {
        const file = join(dirname(b.cacheDir), 'two.weft');
        writeFileSync(file, serializeWorkflow(fanOut(2, `killed mid-prediction (${when})`)));
        const env = { WEFT_CACHE_DIR: b.cacheDir, WEFT_DATA_DIR: b.dataDir, REPLICATE_API_TOKEN: b.emulator.token, REPLICATE_BASE_URL: b.emulator.baseUrl };
        // Both predictions take an emulated hour: they are running when the run is killed.
        b.emulator.faults.slowPredictions({ predictMs: HOUR });
        const child = startCli(['run', file, '--json'], env);
        await child.until((_e, all) => all.filter((e) => e.type === 'call-starting').length === 2);
        expect(await child.kill()).toBe('SIGKILL');
        const made = b.emulator.log.predictionsCreated().map((p) => p.id);
        expect(made).toHaveLength(2);
        expect(readdirSync(join(b.cacheDir, 'inflight'))).toHaveLength(2);

        b.emulator.faults.clear();
        b.emulator.resetLog(); // from here on, only what the next run asks
        if (when === 'finished') {
          b.emulator.clock.advance(HOUR);
          for (const id of made) expect((await b.emulator.waitForPrediction(id)).status).toBe('succeeded');
        }
        // In this process: the killed child's pid is dead, so its entries are free to adopt.
        const again = runCli(['run', file, '--json'], env);
        if (when === 'still running') {
          // Let the hour pass on Replicate once the new run follows both predictions.
          await until(() => b.emulator.log.filter('predictions.get').length >= 2);
          b.emulator.clock.advance(HOUR);
        }
        const { code, stdout } = await again;
        expect(code).toBe(0);
        const events = stdout.trim().split('\n').map((line) => JSON.parse(line) as RunEvent);
        const starting = events.filter((e): e is Starting => e.type === 'call-starting');
        expect(starting.map((e) => [e.predictionId, e.resumed]).sort()).toEqual(made.map((id) => [id, true]).sort());
        expect(events.filter((e) => e.type === 'call-succeeded')).toHaveLength(2);
        expect(b.emulator.log.predictionsCreated()).toEqual([]);

        const audit = auditCache(b.cacheDir);
        expect(audit.problems).toEqual([]);
        expect(audit.records.map((r) => r.prediction.id).sort()).toEqual([...made].sort());
        expect(readdirSync(join(b.cacheDir, 'inflight'))).toEqual([]);
        const history = await History.open(b.dataDir);
        const runs = await history.list();
        await history.close();
        expect(runs.map((r) => r.status)).toEqual(['succeeded', 'interrupted']);
        tally.add('machine: weft run killed mid-prediction', { cases: 1, faults: 1, paidNotKept: b.emulator.log.predictionsCreated().length });
      }));
  }
});

/** Waits for the emulator to see what the run does (a condition, not a guess at how long it takes). */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
