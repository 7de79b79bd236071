// `weft run` killed with SIGKILL at different moments: before anything finished, after one call, after
// most, while a download hangs, and at two arbitrary moments. After each: the cache is consistent (every
// blob's bytes hash to its name, every record whole), every call the run reported done is still cached,
// history says the run was interrupted and which calls were done, and running again runs only what is
// missing, adopting the predictions the killed run had started rather than paying for them again. (A
// kill halfway through a download's body: test/runtime/runner/killed-run.test.ts.)
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeWorkflow } from '../../../src/engine';
import { Cache } from '../../../src/runtime/cache/cache';
import { History } from '../../../src/runtime/history/history';
import type { RunEvent } from '../../../src/runtime/runner/events';
import { runCli } from '../../helpers/cli';
import { auditCache } from '../support/cache-audit';
import { startCli } from '../support/cli-child';
import { useTally } from '../support/tally';
import type { Bench } from '../support/bench';
import { withBench } from '../support/with-bench';
import { fanOut } from '../support/workflows';

type Moment = { name: string; arm?: (b: Bench) => void; until: (event: RunEvent, all: readonly RunEvent[]) => boolean; afterMs?: number };

const succeeded = (all: readonly RunEvent[]) => all.filter((e) => e.type === 'call-succeeded').length;
const MOMENTS: Moment[] = [
  { name: 'when the first prediction started, before anything finished', until: (e) => e.type === 'call-starting' },
  { name: 'right after the first call finished', until: (e) => e.type === 'call-succeeded' },
  { name: 'after three of five calls finished', until: (_e, all) => succeeded(all) === 3 },
  { name: 'while a download hangs', arm: (b) => b.emulator.faults.hang({ path: '/delivery/*', times: 1 }), until: (e) => e.type === 'call-starting', afterMs: 400 },
  { name: 'at an arbitrary moment (250 ms in)', until: (e) => e.type === 'run-started', afterMs: 250 },
  { name: 'at an arbitrary moment (320 ms in)', until: (e) => e.type === 'run-started', afterMs: 320 },
];

// Each moment has its own emulator and folders, so the moments (mostly waiting on child processes) run
// concurrently.
describe.concurrent('weft run killed with SIGKILL', () => {
  const tally = useTally(__filename);

  for (const moment of MOMENTS) {
    it(moment.name, () => withBench(async (b) => {
      const dir = dirname(b.cacheDir);
      const file = join(dir, 'five.weft');
      writeFileSync(file, serializeWorkflow(fanOut(5, 'killed')));
      const env = { WEFT_CACHE_DIR: b.cacheDir, WEFT_DATA_DIR: b.dataDir, REPLICATE_API_TOKEN: b.emulator.token, REPLICATE_BASE_URL: b.emulator.baseUrl };
      moment.arm?.(b);
      const child = startCli(['run', file, '--json', '--concurrency', '2'], env);
      await child.until(moment.until);
      if (moment.afterMs) await new Promise((resolve) => setTimeout(resolve, moment.afterMs));
      const signal = await child.kill();
      b.emulator.faults.clear();
      const reported = child.events.filter((e) => e.type === 'call-succeeded').map((e) => (e as { node: string }).node);

      // The cache: consistent, and holding everything the run said it finished.
      const audit = auditCache(b.cacheDir);
      expect(audit.problems).toEqual([]);
      const cache = await Cache.open(b.cacheDir);
      const cachedKeys = new Set(audit.records.map((r) => r.key));
      const keyOf = new Map(child.events.flatMap((e) => (e.type === 'run-started' ? e.calls.map((c) => [c.node, c.key] as const) : [])));
      const lost = reported.filter((node) => !cachedKeys.has(keyOf.get(node)!));
      expect(lost).toEqual([]);

      // History: the run was interrupted; what it says was done is in the cache.
      const history = await History.open(join(b.dataDir));
      const [run] = await history.list();
      const record = run ? await history.get(run.id) : null;
      await history.close();
      if (signal === 'SIGKILL' && record) {
        expect(record.status).toBe('interrupted');
        for (const call of record.calls) {
          if (call.status === 'succeeded') expect(cachedKeys.has(call.key!)).toBe(true);
          else expect(call.status).toBe('interrupted');
        }
      }

      // Running again: what is cached is answered from the cache, the rest runs once.
      // By arrival time: a create the killed run sent may still be held open (Prefer: wait) and logged later.
      const startedAt = b.emulator.clock.now();
      const again = await runCli(['run', file, '--json'], env);
      expect(again.code).toBe(0);
      const events = again.stdout.trim().split('\n').map((line) => JSON.parse(line) as RunEvent);
      const hits = events.filter((e) => e.type === 'call-cached').length;
      const ran = events.filter((e) => e.type === 'call-succeeded').length;
      // Predictions the killed run had started (and journaled) are adopted, not paid for again.
      const resumed = events.filter((e) => e.type === 'call-starting' && e.resumed).length;
      expect(hits).toBe(cachedKeys.size);
      expect(hits + ran).toBe(5);
      expect(b.emulator.log.entries().filter((e) => e.atMs >= startedAt && e.route === 'predictions.create')).toHaveLength(ran - resumed);
      const final = auditCache(b.cacheDir);
      expect(final.problems).toEqual([]);
      expect((await cache.stats()).calls).toBe(5);
      // What the killed run paid for and nobody kept: only a create whose answer the kill cut off (its id was
      // never journaled) can still be paid for again.
      const kept = new Set(final.records.map((r) => r.prediction.id));
      const inFlight = b.emulator.log.entries().filter((e) => e.atMs < startedAt && e.route === 'predictions.create' && e.predictionId !== undefined);
      const paidNotKept = inFlight.filter((e) => b.emulator.prediction(e.predictionId!)?.status === 'succeeded' && !kept.has(e.predictionId!)).length;
      tally.add('machine: weft run killed (SIGKILL)', { cases: 1, faults: signal === 'SIGKILL' ? 1 : 0, lost: lost.length, paidNotKept });
    }, { timing: { queueDelayMs: 10, predictMs: 80 } }));
  }
});
