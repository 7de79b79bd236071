// What a user can look up around a run: before it, which calls are cached or stale and why; after it,
// the run in history with its seeds, prediction ids, GPU time and estimated cost.
import { describe, expect, it } from 'vitest';
import { H100_USD_PER_SECOND } from '../../../src/engine';
import { planCacheStatus } from '../../../src/runtime/runner/plan-status';
import { useRunnerSetup } from './setup';
import { chainAndBranch } from './workflows';

describe('cache status before a run', () => {
  const setup = useRunnerSetup();

  it('says which calls are cached, which will run and why, and which wait on upstream calls', async () => {
    const s = await setup();
    const fresh = await s.compile(chainAndBranch({ d: { seed: 'random' } }));
    const byNode = <T extends { node: string }>(list: T[]) => [...list].sort((x, y) => x.node.localeCompare(y.node));
    expect(byNode(await planCacheStatus(fresh, s.cache))).toEqual([
      { node: 'a', state: 'will-run', key: expect.any(String), reason: 'input changed' },
      { node: 'b', state: 'pending', key: null, reason: 'upstream will run', upstream: 'a' },
      { node: 'c', state: 'pending', key: null, reason: 'upstream will run', upstream: 'b' },
      { node: 'd', state: 'will-run', key: expect.any(String), reason: 'random seed' },
    ]);

    await s.run(fresh, { only: 'b' });
    const statuses = byNode(await planCacheStatus(await s.compile(chainAndBranch({ d: { seed: 'random' } })), s.cache));
    expect(statuses.map((st) => [st.node, st.state, 'reason' in st ? st.reason : undefined])).toEqual([
      ['a', 'cached', undefined],
      ['b', 'cached', undefined],
      ['c', 'will-run', 'input changed'],
      ['d', 'will-run', 'random seed'],
    ]);
    expect(statuses[1]).toMatchObject({ outputs: [{ mediaType: 'image/png', width: 512, height: 512 }] });
  });
});

describe('run history', () => {
  const setup = useRunnerSetup();

  it('records every call with its seed, prediction id, timings, GPU time and estimated cost', async () => {
    const s = await setup();
    const plan = await s.compile(chainAndBranch());
    const result = await s.run(plan, { only: 'b', workflowName: 'chain.weft' });
    const record = await s.history.get(result.runId);
    expect(record).toMatchObject({ status: 'succeeded', workflowName: 'chain.weft' });
    const [a, b] = record!.calls;
    expect(a).toMatchObject({ node: 'a', status: 'succeeded', cached: false, seed: 1, predictionId: result.calls[0]!.predictionId });
    expect(b).toMatchObject({ node: 'b', status: 'succeeded', seed: 2, input: { image: { $blob: result.calls[0]!.outputs[0]!.sha256 } } });
    for (const call of record!.calls) {
      expect(call.predictTime).toBeGreaterThan(0);
      expect(call.estimatedCost).toBeCloseTo(call.predictTime! * H100_USD_PER_SECOND, 6);
      expect(call.outputs).toHaveLength(1);
      expect(Date.parse(call.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(call.startedAt!));
    }
    expect(result.totals.cost).toBeCloseTo(record!.totals.estimatedCost, 6);

    const again = await s.run(plan, { only: 'b' });
    expect((await s.history.get(again.runId))?.calls.map((c) => [c.node, c.status, c.cached])).toEqual([
      ['a', 'succeeded', true],
      ['b', 'succeeded', true],
    ]);
    expect((await s.history.list()).map((r) => r.id)).toEqual([again.runId, result.runId]);
  });

  it('records failures and the calls they kept from running', async () => {
    const s = await setup();
    s.emulator.faults.failPredictions({ promptIncludes: 'winter', error: 'boom' });
    const result = await s.run(await s.compile(chainAndBranch()));
    const record = await s.history.get(result.runId);
    expect(record?.status).toBe('failed');
    expect(record?.calls.map((c) => [c.node, c.status, c.error]).sort()).toEqual([
      ['a', 'succeeded', undefined],
      ['b', 'failed', 'the model failed: boom'],
      ['c', 'skipped', 'not run: node b failed'],
      ['d', 'succeeded', undefined],
    ]);
  });
});
