// The soak, cut down to fit npm test: 60 predictions in two rounds at concurrency 16, random faults
// everywhere. Nothing lost, nothing paid twice, every call's events end exactly once. (Memory is
// measured by the full `npm run soak`, whose rounds are long enough for the figure to mean something.)
import { describe, expect, it } from 'vitest';
import { useTally } from '../support/tally';
import { runSoak } from './run-soak';

describe('soak (reduced)', () => {
  const tally = useTally(__filename);

  it('60 predictions at concurrency 16 under random faults: 0 lost, 0 duplicates, every event delivered', async () => {
    const report = await runSoak({ predictions: 60, rounds: 2, concurrency: 16, seed: 7, deadlineMs: 60_000 });
    tally.add('soak (reduced, in npm test)', { cases: report.calls.planned, faults: report.faultsInjected, lost: report.lost, paidNotKept: report.paidNotKept });
    expect(report.timedOut).toBe(false);
    expect(report.problems).toEqual([]);
    expect(report.calls.planned).toBe(60);
    expect(report.events.terminal).toBe(60);
    expect(report.faultsInjected).toBeGreaterThan(0);
    expect({ lost: report.lost, paidNotKept: report.paidNotKept, duplicates: report.duplicates }).toEqual({ lost: 0, paidNotKept: 0, duplicates: 0 });
  }, 90_000);
});
