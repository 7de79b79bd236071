// The token is revoked while a run is going (the user rotated it on replicate.com): what finished stays
// finished, the calls in flight and the ones not started fail with one clear reason, nothing new is
// started, and once a valid token is back a run does only what is missing.
import { describe, expect, it } from 'vitest';
import { matrixWorkflow } from '../support/matrix-workflow';
import { auditRun, logMark } from '../support/run-audit';
import { useTally } from '../support/tally';
import { useBench } from '../support/use-bench';
import { CHAIN_PROMPTS, chain } from '../support/workflows';

const REFUSED = 'the Replicate token was refused: set REPLICATE_API_TOKEN to a valid token';

describe('a token revoked mid-run', () => {
  const bench = useBench();
  const tally = useTally(__filename);

  it('keeps what finished, fails the rest clearly, and a later run does only what is missing', async () => {
    const b = await bench();
    // d is still running when the token goes: its create answers "processing", so it must be polled. Long
    // enough that a loaded machine cannot finish it before a (the run ends as soon as the token is refused).
    b.emulator.faults.slowPredictions({ promptIncludes: CHAIN_PROMPTS.d, predictMs: 5000 });
    b.emulator.faults.processingWaitAnswer({ promptIncludes: CHAIN_PROMPTS.d });
    const plan = await b.compile(chain());
    const result = await b.run(plan, {
      onEvent: (event) => {
        if (event.type === 'call-succeeded' && event.node === 'a') b.emulator.setTokens([]);
      },
    });
    const audit = await auditRun(b, result);
    const states = Object.fromEntries(result.calls.map((c) => [c.node, [c.status, c.error ?? null]]));
    expect(states).toEqual({
      a: ['succeeded', null],
      b: ['failed', expect.stringMatching(new RegExp(`^(not run: )?${REFUSED}$`))],
      c: ['failed', 'not run: node b failed'],
      d: ['failed', expect.stringMatching(new RegExp(`^(not run: )?${REFUSED}$`))],
    });
    expect(audit.problems).toEqual([]);
    // d was running when the token went: it finished on Replicate, but without a token nobody may read it.
    expect(audit.paidNotKept).toBeLessThanOrEqual(1);

    b.emulator.setTokens([b.emulator.token]);
    const mark = logMark(b);
    const again = await b.run(plan);
    const rerun = await auditRun(b, again, { sinceSeq: mark });
    expect(Object.fromEntries(again.calls.map((c) => [c.node, c.status]))).toEqual({ a: 'cached', b: 'succeeded', c: 'succeeded', d: 'succeeded' });
    expect(rerun.problems).toEqual([]);
    tally.add('API faults: token revoked mid-run', { cases: 2, faults: 1, lost: audit.lost + rerun.lost, paidNotKept: audit.paidNotKept + rerun.paidNotKept });
  });

  it('revoked before an upload: the call that needs the upload says why, no prediction is made for it', async () => {
    const b = await bench();
    b.emulator.setTokens([]);
    const result = await b.run(await b.compile(await matrixWorkflow()), { concurrency: 1 });
    const audit = await auditRun(b, result);
    for (const call of result.calls) {
      expect(call.status).toBe('failed');
      expect(call.error).toMatch(call.node === 'b' ? /^not run: node (a|up) failed$/ : new RegExp(`^(not run: )?${REFUSED}$`));
    }
    expect(b.emulator.log.entries().filter((e) => e.predictionId !== undefined)).toEqual([]);
    expect(audit.problems).toEqual([]);
    tally.add('API faults: token revoked mid-run', { cases: 1, faults: 1, lost: audit.lost, paidNotKept: audit.paidNotKept });
  });
});
