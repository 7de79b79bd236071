// A run canceled while Replicate never confirms the cancel: the call says its prediction may still be
// running (and billed) rather than "canceled", and the prediction stays in the journal, so the next run
// adopts it instead of paying for it again.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cancelIgnored } from '../../providers/cancel-ignored';
import { statusesOf, useRunnerSetup } from '../setup';
import { fanOut } from '../workflows';

const HOUR = 60 * 60_000;

describe('a run whose cancel Replicate does not confirm', () => {
  const setup = useRunnerSetup();

  it('says the prediction may still be running, keeps it in the journal, and the next run adopts it', async () => {
    const s = await setup();
    s.emulator.faults.slowPredictions({ predictMs: HOUR, times: 1 });
    const plan = await s.compile(fanOut(1, 'a cancel that does not take'));
    const controller = new AbortController();
    const canceled = await s.run(plan, {
      provider: s.newProvider({ fetch: cancelIgnored(globalThis.fetch) }),
      signal: controller.signal,
      onEvent: (event) => {
        s.events.push(event);
        if (event.type === 'call-progress') controller.abort();
      },
    });
    const id = canceled.calls[0]!.predictionId!;
    expect(canceled.status).toBe('canceled');
    expect(canceled.calls[0]).toMatchObject({ status: 'failed' });
    expect(canceled.calls[0]!.error).toMatch(new RegExp(`^the cancel was sent but Replicate did not confirm it \\(still "processing" after \\d+ checks\\): prediction ${id} may still be running, and billed; check https://replicate.com/p/${id}$`));
    expect((await s.history.get(canceled.runId))?.calls[0]).toMatchObject({ status: 'failed', predictionId: id, error: canceled.calls[0]!.error });
    expect(s.emulator.prediction(id)?.status).toBe('processing');
    expect(readdirSync(join(s.cacheDir, 'inflight'))).toEqual([`${canceled.calls[0]!.key}.${id}.json`]);

    const again = await s.run(plan, {
      onEvent: (event) => {
        s.events.push(event);
        if (event.type === 'call-starting') s.emulator.clock.advance(HOUR);
      },
    });
    expect(statusesOf(again)).toEqual({ s1: 'succeeded' });
    expect(again.calls[0]).toMatchObject({ predictionId: id, resumed: true });
    expect(s.emulator.log.predictionsCreated()).toHaveLength(1);
  });
});
