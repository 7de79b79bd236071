// Predictions that fail, are aborted, have every image dropped by the safety checker, or whose outputs
// expire before Weft fetches them - at each position of a chain (root, middle, end) and on an
// independent branch. Each node ends in the state a user would expect, with a clear reason; running
// again once the fault is gone runs exactly the calls that did not succeed, and nothing else.
import { describe, expect, it } from 'vitest';
import { PREDICTION_FAULTS, expectedStatuses, type ChainNode } from '../support/prediction-fault-cases';
import { auditRun, logMark } from '../support/run-audit';
import { useTally } from '../support/tally';
import { withBench } from '../support/with-bench';
import { CHAIN_PROMPTS, chain } from '../support/workflows';

const VICTIMS: ChainNode[] = ['a', 'b', 'c', 'd'];

// Each case has its own emulator, so the cases run concurrently.
describe.concurrent('predictions that end badly', () => {
  const tally = useTally(__filename);

  for (const fault of PREDICTION_FAULTS) {
    for (const victim of VICTIMS) {
      it(`${fault.name}, at node ${victim}`, () => withBench(async (b) => {
        const prompt = CHAIN_PROMPTS[victim];
        fault.arm(b.emulator, prompt);
        const plan = await b.compile(chain());
        const result = await b.run(plan, { provider: b.provider(fault.network ? { fetch: fault.network(prompt) } : {}) });
        b.emulator.faults.clear();
        const audit = await auditRun(b, result);

        const statuses = Object.fromEntries(result.calls.map((c) => [c.node, c.status]));
        expect(statuses).toEqual(expectedStatuses(victim));
        const failure = result.calls.find((c) => c.node === victim)!;
        expect(failure.error).toMatch(fault.error);
        for (const call of result.calls) {
          if (call.status === 'failed' && call.node !== victim) expect(call.error).toBe(`not run: node ${victim} failed`);
        }
        expect(audit.problems).toEqual([]);

        // Once Replicate behaves, running again runs what failed, and only that.
        const mark = logMark(b);
        const again = await b.run(plan);
        const rerun = await auditRun(b, again, { sinceSeq: mark });
        const failedBefore = result.calls.filter((c) => c.status === 'failed').map((c) => c.node);
        const nodesWith = (status: string) => again.calls.filter((c) => c.status === status).map((c) => c.node).sort();
        expect(nodesWith('succeeded')).toEqual(failedBefore.sort());
        expect(nodesWith('cached')).toEqual(VICTIMS.filter((n) => !failedBefore.includes(n)));
        expect(b.emulator.log.entries().filter((e) => e.seq > mark && e.route === 'predictions.create')).toHaveLength(failedBefore.length);
        expect(rerun.problems).toEqual([]);
        expect(audit.paidNotKept + rerun.paidNotKept).toBe(0);
        tally.add('API faults: predictions ending badly', { cases: 2, faults: 1, lost: audit.lost + rerun.lost, paidNotKept: audit.paidNotKept + rerun.paidNotKept });
      }));
    }
  }

  it('the safety checker drops one of two images: the call keeps the one left, and says nothing failed', () => withBench(async (b) => {
    b.emulator.faults.safetyDrop({ promptIncludes: CHAIN_PROMPTS.d, drop: 1 });
    const plan = await b.compile(chain());
    const d = plan.calls.find((c) => c.node === 'd')!;
    d.input.num_outputs = 2;
    d.key = null;
    const result = await b.run(plan, { only: 'd' });
    const audit = await auditRun(b, result);
    expect(result.calls.map((c) => [c.node, c.status, c.outputs.length])).toEqual([['d', 'succeeded', 1]]);
    expect(audit.problems).toEqual([]);
    tally.add('API faults: predictions ending badly', { cases: 1, faults: 1, lost: audit.lost });
  }));
});
