// Runs that meet trouble end as a user would expect: throttling and server errors cost time, never a
// second prediction; a failed call fails only what needs it; cancel cancels on Replicate; expired
// outputs lose nothing; a refused token or an unreachable API stops the run with one clear reason.
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/runtime/runner/events';
import { closedPort } from '../providers/closed-port';
import { eventsOf, statusesOf, useRunnerSetup } from './setup';
import { PROMPTS, chainAndBranch, fanOut } from './workflows';

type Failed = Extract<RunEvent, { type: 'call-failed' }>;

describe('a run meeting trouble', () => {
  const setup = useRunnerSetup();

  it('rides out a 429 storm, waiting what Retry-After says, with one prediction per call', async () => {
    const s = await setup();
    s.emulator.faults.rateLimit({ times: 4, retryAfterSeconds: 1 });
    const result = await s.run(await s.compile(fanOut(3)));
    expect(result.status).toBe('succeeded');
    expect(s.emulator.log.withStatus(429)).toHaveLength(4);
    expect(s.waits.filter((ms) => ms === 1000)).toHaveLength(4);
    expect(s.emulator.log.predictionsCreated()).toHaveLength(3);
  });

  it('rides out 5xx answers and cut connections without paying twice for any prediction', async () => {
    const s = await setup();
    s.emulator.faults.serverError({ method: 'POST', path: '/v1/predictions', afterHandling: true, times: 1 });
    s.emulator.faults.resetConnection({ method: 'POST', path: '/v1/predictions', afterHandling: true, times: 1 });
    s.emulator.faults.serverError({ method: 'GET', path: '/v1/predictions/*', times: 2, status: 502 });
    s.emulator.faults.resetConnection({ path: '/delivery/*', times: 1 });
    const result = await s.run(await s.compile(chainAndBranch()));
    expect(result.status).toBe('succeeded');
    const prompts = s.emulator.predictions().map((p) => p.input.prompt);
    for (const prompt of Object.values(PROMPTS)) expect(prompts.filter((p) => p === prompt)).toHaveLength(1);
  });

  it('fails only the calls that need a failed one; independent branches finish', async () => {
    const s = await setup();
    s.emulator.faults.failPredictions({ promptIncludes: PROMPTS.b, error: 'CUDA out of memory' });
    const result = await s.run(await s.compile(chainAndBranch()));
    expect(result.status).toBe('failed');
    expect(statusesOf(result)).toEqual({ a: 'succeeded', b: 'failed', c: 'failed', d: 'succeeded' });
    const failures = eventsOf(s.events, 'call-failed') as Failed[];
    expect(failures.map((f) => [f.node, f.error, f.blockedBy])).toEqual([
      ['b', 'the model failed: CUDA out of memory', undefined],
      ['c', 'not run: node b failed', 'b'],
    ]);
    expect(failures[0]?.predictionId).toBeTruthy();
    expect(result.totals).toMatchObject({ calls: 4, ran: 2, failed: 2, cached: 0 });

    // Nothing failed was cached: once the model behaves, b and c run, a and d are hits.
    s.emulator.faults.clear();
    s.emulator.resetLog();
    const again = await s.run(await s.compile(chainAndBranch()));
    expect(statusesOf(again)).toEqual({ a: 'cached', b: 'succeeded', c: 'succeeded', d: 'cached' });
  });

  it('cancels a whole run mid-way: its predictions are canceled on Replicate', async () => {
    const s = await setup();
    s.emulator.setTiming({ queueDelayMs: 2, predictMs: 10_000 });
    const controller = new AbortController();
    const running = s.run(await s.compile(fanOut(2)), {
      signal: controller.signal,
      onEvent: (event) => {
        s.events.push(event);
        if (eventsOf(s.events, 'call-starting').length === 2 && !controller.signal.aborted) controller.abort();
      },
    });
    const result = await running;
    expect(result.status).toBe('canceled');
    expect(statusesOf(result)).toEqual({ s1: 'canceled', s2: 'canceled' });
    for (const call of result.calls) expect(s.emulator.prediction(call.predictionId!)?.status).toBe('canceled');
    expect(await s.cache.stats()).toMatchObject({ calls: 0 });
  });

  it('cancels one call: its dependents are canceled with it, the rest run', async () => {
    const s = await setup();
    s.emulator.faults.slowPredictions({ promptIncludes: PROMPTS.a, predictMs: 10_000 });
    const handle = s.start(await s.compile(chainAndBranch()), {
      onEvent: (event) => {
        s.events.push(event);
        if (event.type === 'call-starting' && event.node === 'a') handle.cancel('a');
      },
    });
    const result = await handle.result;
    expect(statusesOf(result)).toEqual({ a: 'canceled', b: 'canceled', c: 'canceled', d: 'succeeded' });
    expect(s.emulator.prediction(result.calls[0]!.predictionId!)?.status).toBe('canceled');
  });

  it('keeps outputs whose URLs later expire: a later run is a cache hit and needs no URL', async () => {
    const s = await setup();
    const first = await s.run(await s.compile(chainAndBranch()), { only: 'b' });
    s.emulator.clock.advance(2 * 3_600_000);
    s.emulator.resetLog();
    const later = await s.run(await s.compile(chainAndBranch()), { only: 'b' });
    expect(statusesOf(later)).toEqual({ a: 'cached', b: 'cached' });
    expect(later.calls.map((c) => c.outputs)).toEqual(first.calls.map((c) => c.outputs));
    expect(s.emulator.log.entries()).toEqual([]);
  });

  it('says so when outputs were deleted before they could be downloaded, and caches nothing', async () => {
    const s = await setup();
    s.emulator.faults.expireOutputs({ promptIncludes: PROMPTS.d, times: 1 });
    const result = await s.run(await s.compile(chainAndBranch()), { only: 'd' });
    const failure = result.calls[0]!;
    expect(failure.status).toBe('failed');
    expect(failure.error).toMatch(/^the prediction succeeded but its images could not be kept: the output \S+ is gone \(HTTP 404\)/);
    const again = await s.run(await s.compile(chainAndBranch()), { only: 'd' });
    expect(statusesOf(again)).toEqual({ d: 'succeeded' });
  });

  it('stops at a refused token: one call says why, the others are not started', async () => {
    const s = await setup();
    const result = await s.run(await s.compile(fanOut(3)), { provider: s.newProvider({ token: 'r8_wrong' }), concurrency: 1 });
    const failures = eventsOf(s.events, 'call-failed') as Failed[];
    expect(failures.map((f) => f.error)).toEqual([
      'the Replicate token was refused: set REPLICATE_API_TOKEN to a valid token',
      'not run: the Replicate token was refused: set REPLICATE_API_TOKEN to a valid token',
      'not run: the Replicate token was refused: set REPLICATE_API_TOKEN to a valid token',
    ]);
    expect(result.totals.failed).toBe(3);
    expect(s.emulator.log.withStatus(401)).toHaveLength(1);
  });

  it('stops at an API it cannot reach', async () => {
    const s = await setup();
    const provider = s.newProvider({ baseUrl: `http://127.0.0.1:${await closedPort()}/v1`, retry: { maxAttempts: 2, sleep: async () => {} } });
    const result = await s.run(await s.compile(fanOut(2)), { provider, concurrency: 1 });
    expect(result.calls.map((c) => c.error)).toEqual([expect.stringMatching(/^cannot reach the Replicate API at /), expect.stringMatching(/^not run: cannot reach/)]);
  });

  it('reports the fields of an input Replicate refuses (422)', async () => {
    const s = await setup();
    const plan = await s.compile(fanOut(1));
    plan.calls[0]!.input.num_outputs = 9;
    plan.calls[0]!.key = 'f'.repeat(64);
    const result = await s.run(plan);
    expect(result.calls[0]?.error).toMatch(/^Replicate refused the input: .*num_outputs/);
  });
});
