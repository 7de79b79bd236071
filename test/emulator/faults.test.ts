/**
 * Every switchable fault, through code and through the admin HTTP API.
 */
import Replicate from 'replicate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FAILURE_ERROR, FLUX_THOTH, startEmulator } from './index';
import { api, download, useEmulator } from './harness';

const h = useEmulator();
const MINUTE = 60_000;
const THROTTLED = { detail: 'Request was throttled. Your rate limit resets in ~30s.' };

const createBody = (input: Record<string, unknown> = { prompt: 'x' }) => ({ body: { version: FLUX_THOTH.version, input } });

function run(input: Record<string, unknown>) {
  return h.replicate.predictions.create({ version: FLUX_THOTH.version, input, wait: true });
}

describe('rate limiting (429)', () => {
  it('throttles the next N requests with Retry-After and Replicate\'s body', async () => {
    h.emulator.faults.rateLimit({ times: 2 });
    const first = await api(h.emulator, 'POST', '/predictions', createBody());
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('30');
    expect(first.body).toEqual(THROTTLED);
    expect((await api(h.emulator, 'GET', '/predictions')).status).toBe(429);
    expect((await api(h.emulator, 'POST', '/predictions', createBody())).status).toBe(201);
    expect(h.emulator.log.withStatus(429).map((e) => e.fault)).toEqual(['rate-limit', 'rate-limit']);
  });

  it('is retried by the official client without waiting for Retry-After', async () => {
    h.emulator.faults.rateLimit({ times: 2, method: 'POST', path: '/v1/predictions' });
    const created = await h.replicate.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' } });
    expect(created.status).toBe('starting');
    const creates = h.emulator.log.filter('predictions.create');
    expect(creates.map((e) => e.status)).toEqual([429, 429, 201]);
    expect((creates[2]?.atMs ?? 0) - (creates[0]?.atMs ?? 0)).toBeLessThan(30_000);
  });

  it('throttles only the matching route, and a fraction of requests', async () => {
    h.emulator.faults.rateLimit({ path: '/v1/files*', retryAfterSeconds: 7 });
    expect((await api(h.emulator, 'GET', '/files')).body).toEqual({ detail: 'Request was throttled. Your rate limit resets in ~7s.' });
    expect((await api(h.emulator, 'GET', '/predictions')).status).toBe(200);
    h.emulator.faults.clear();

    h.emulator.faults.rateLimit({ probability: 0.5, path: '/v1/account' });
    const statuses = [];
    for (let i = 0; i < 40; i++) statuses.push((await api(h.emulator, 'GET', '/account')).status);
    expect(statuses).toContain(429);
    expect(statuses).toContain(200);
  });

  it('can enforce Replicate\'s own limits (600 creates a minute) on the emulated clock', async () => {
    const emulator = await startEmulator({ rateLimits: { createsPerMinute: 3 }, timing: { queueDelayMs: 0, predictMs: 5 } });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await api(emulator, 'POST', '/predictions', createBody())).status);
      expect(statuses).toEqual([201, 201, 201, 429]);
      const throttled = await api(emulator, 'POST', '/predictions', createBody());
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(50);
      expect((await api(emulator, 'GET', '/predictions')).status).toBe(200); // other requests have their own budget
      emulator.clock.advance(MINUTE);
      expect((await api(emulator, 'POST', '/predictions', createBody())).status).toBe(201);
    } finally {
      await emulator.close();
    }
  });
});

describe('server errors (5xx)', () => {
  it('answers the next N matching requests with the chosen status', async () => {
    h.emulator.faults.serverError({ status: 503, times: 1, path: '/v1/predictions/*' });
    const created = await api(h.emulator, 'POST', '/predictions', createBody());
    const failed = await api(h.emulator, 'GET', `/predictions/${created.body.id}`);
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ title: 'Service Unavailable', status: 503 });
    expect((await api(h.emulator, 'GET', `/predictions/${created.body.id}`)).status).toBe(200);
  });

  it('is retried by the client on GET but not on POST', async () => {
    h.emulator.faults.serverError({ times: 2, method: 'GET' });
    const created = await api(h.emulator, 'POST', '/predictions', createBody());
    expect((await h.replicate.predictions.get(created.body.id)).id).toBe(created.body.id);
    h.emulator.faults.serverError({ times: 1, method: 'POST' });
    await expect(h.replicate.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' } })).rejects.toThrow(/500/);
  });

  it('can strike after the prediction was created (the answer is lost, the prediction is not)', async () => {
    h.emulator.faults.serverError({ status: 502, times: 1, afterHandling: true, path: '/v1/predictions' });
    const answer = await api(h.emulator, 'POST', '/predictions', createBody());
    expect(answer.status).toBe(502);
    const [created] = h.emulator.log.filter('predictions.create');
    expect(created?.predictionId).toBeDefined();
    expect(h.emulator.prediction(created?.predictionId as string)).toBeDefined();
  });
});

describe('connection resets', () => {
  it('destroys the connection before answering', async () => {
    h.emulator.faults.resetConnection({ times: 1 });
    await expect(fetch(`${h.emulator.baseUrl}/account`)).rejects.toThrow(/fetch failed/);
    expect(h.emulator.log.entries()[0]).toMatchObject({ outcome: 'reset', status: null, fault: 'reset' });
    expect((await api(h.emulator, 'GET', '/account')).status).toBe(200);
  });

  it('can drop the answer to a create that did create the prediction', async () => {
    h.emulator.faults.resetConnection({ times: 1, afterHandling: true, method: 'POST' });
    await expect(api(h.emulator, 'POST', '/predictions', createBody())).rejects.toThrow();
    expect(h.emulator.log.entries()[0]?.predictionId).toBeDefined();
  });

  it('can cut a download halfway through the body', async () => {
    const done = await run({ prompt: 'x', megapixels: '0.25', output_format: 'png' });
    const url = (done.output as string[])[0] as string;
    h.emulator.faults.resetConnection({ times: 1, midBody: true, path: '/delivery/*' });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
    expect((await download(url)).status).toBe(200);
  });
});

describe('hung requests', () => {
  it('never answers until the client gives up', async () => {
    h.emulator.faults.hang({ times: 1, path: '/v1/predictions/*' });
    const started = Date.now();
    await expect(
      fetch(`${h.emulator.baseUrl}/predictions/abc`, {
        headers: { Authorization: `Bearer ${h.emulator.token}` },
        signal: AbortSignal.timeout(150),
      }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(h.emulator.log.entries()[0]).toMatchObject({ outcome: 'hung', status: null });
  });

  it('are ended when the emulator closes', async () => {
    const emulator = await startEmulator();
    emulator.faults.hang();
    const pending = fetch(`${emulator.baseUrl}/account`).catch((error: unknown) => error);
    while (emulator.log.entries().length === 0) await new Promise((r) => setTimeout(r, 1));
    await emulator.close();
    expect(await pending).toBeInstanceOf(Error);
  });
});

describe('prediction faults', () => {
  it('slow predictions: matching ones take the given time', async () => {
    h.emulator.faults.slowPredictions({ promptIncludes: 'slow', predictMs: 10 * MINUTE });
    const slow = await h.replicate.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'a slow one' } });
    const fast = await run({ prompt: 'a quick one', megapixels: '0.25' });
    expect(fast.status).toBe('succeeded');
    expect(['starting', 'processing']).toContain(h.emulator.prediction(slow.id)?.status);
    while (h.emulator.prediction(slow.id)?.status !== 'processing') await new Promise((r) => setTimeout(r, 1));
    await h.emulator.idle(); // its sampling steps are now on the clock
    h.emulator.clock.advance(10 * MINUTE);
    expect((await h.emulator.waitForPrediction(slow.id)).status).toBe('succeeded');
  });

  it('failed predictions: the next N, or those whose prompt matches, with the given error', async () => {
    h.emulator.faults.failPredictions({ times: 1 });
    const failed = await run({ prompt: 'x', megapixels: '0.25' });
    expect(failed).toMatchObject({ status: 'failed', error: DEFAULT_FAILURE_ERROR, output: null });
    expect(failed.logs).toContain(`RuntimeError: ${DEFAULT_FAILURE_ERROR}`);
    expect((await run({ prompt: 'x', megapixels: '0.25' })).status).toBe('succeeded');

    h.emulator.faults.failPredictions({ promptIncludes: 'cursed', error: 'CUDA out of memory' });
    expect((await run({ prompt: 'a cursed castle', megapixels: '0.25' })).error).toBe('CUDA out of memory');
    expect((await run({ prompt: 'a castle', megapixels: '0.25' })).status).toBe('succeeded');
  });

  it('safety checker: drops flagged outputs, leaving gaps in the names', async () => {
    h.emulator.faults.safetyDrop({ drop: 1, times: 1 });
    const done = await run({ prompt: 'x', num_outputs: 3, megapixels: '0.25' });
    expect(done.status).toBe('succeeded');
    expect((done.output as string[]).map((u) => u.split('/').pop())).toEqual(['out-1.webp', 'out-2.webp']);
    expect(done.logs).toContain('NSFW content detected in image 0');
    expect(done.logs).toContain('Total safe images: 2 out of 3');
  });

  it('safety checker: fails the prediction when every output is dropped', async () => {
    h.emulator.faults.safetyDrop({ times: 1 });
    const failed = await run({ prompt: 'x', num_outputs: 2, megapixels: '0.25' });
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('All generated images contained NSFW content. Try running it again with a different prompt.');
  });

  it('safety checker: drops nothing when the input disables it', async () => {
    h.emulator.faults.safetyDrop({ times: 1 });
    const done = await run({ prompt: 'x', disable_safety_checker: true, megapixels: '0.25' });
    expect(done.output).toHaveLength(1);
    expect(h.emulator.faults.list()).toHaveLength(1); // still waiting for a prediction it can act on
  });

  it('expired outputs: the prediction succeeds but its URLs already answer 404', async () => {
    h.emulator.faults.expireOutputs({ times: 1 });
    const done = await run({ prompt: 'x', megapixels: '0.25' });
    expect(done.status).toBe('succeeded');
    expect((await download((done.output as string[])[0] as string)).status).toBe(404);
  });

  it('processing wait answer: Prefer: wait answers "processing" with the output already filled', async () => {
    h.emulator.faults.processingWaitAnswer({ times: 1 });
    const answer = await run({ prompt: 'x', megapixels: '0.25' });
    expect(answer.status).toBe('processing');
    expect(answer.output).toHaveLength(1);
    expect((await download((answer.output as string[])[0] as string)).status).toBe(200);
    expect((await h.emulator.waitForPrediction(answer.id)).status).toBe('succeeded');
  });
});

describe('fault bookkeeping', () => {
  it('lists active faults with what remains, and removes them by handle', () => {
    const handle = h.emulator.faults.rateLimit({ times: 3 });
    h.emulator.faults.failPredictions({ promptIncludes: 'z' });
    expect(h.emulator.faults.list().map((f) => [f.spec.kind, f.remaining])).toEqual([
      ['rate-limit', 3],
      ['fail-prediction', undefined],
    ]);
    handle.remove();
    expect(h.emulator.faults.list()).toHaveLength(1);
    expect(() => h.emulator.faults.add({ kind: 'rate-limit', times: 0 })).toThrow();
  });
});

describe('the admin HTTP API (for browser tests in another process)', () => {
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${h.emulator.origin}/__emulator${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
    });

  it('adds, lists and clears faults', async () => {
    const added = await admin('POST', '/faults', { kind: 'server-error', status: 502, times: 1, path: '/v1/account' });
    expect(added.status).toBe(201);
    expect(((await added.json()) as { spec: { kind: string } }).spec.kind).toBe('server-error');
    expect((await api(h.emulator, 'GET', '/account')).status).toBe(502);
    expect((await api(h.emulator, 'GET', '/account')).status).toBe(200);

    await admin('POST', '/faults', { kind: 'rate-limit' });
    expect(((await (await admin('GET', '/faults')).json()) as unknown[]).length).toBe(1);
    expect((await admin('DELETE', '/faults')).status).toBe(204);
    expect((await api(h.emulator, 'GET', '/account')).status).toBe(200);
  });

  it('refuses an invalid fault spec with 400', async () => {
    expect((await admin('POST', '/faults', { kind: 'meteor' })).status).toBe(400);
    expect((await admin('POST', '/faults', { kind: 'rate-limit', promptIncludes: 'x' })).status).toBe(400);
  });

  it('advances the clock, sets timing, shows state and the log', async () => {
    const before = h.emulator.clock.now();
    const advanced = (await (await admin('POST', '/clock/advance', { ms: 3_600_000 })).json()) as { now: string };
    expect(Date.parse(advanced.now) - before).toBeGreaterThanOrEqual(3_600_000);
    expect(await (await admin('PUT', '/timing', { predictMs: 7 })).json()).toMatchObject({ predictMs: 7 });
    const state = (await (await admin('GET', '')).json()) as { baseUrl: string; token: string; versions: unknown[] };
    expect(state).toMatchObject({ baseUrl: h.emulator.baseUrl, token: h.emulator.token });
    expect(state.versions).toHaveLength(3);
    await api(h.emulator, 'GET', '/account');
    const log = (await (await admin('GET', '/log')).json()) as { route: string }[];
    expect(log.map((e) => e.route)).toEqual(['account.get']);
    expect((await admin('DELETE', '/log')).status).toBe(204);
    expect(h.emulator.log.entries()).toHaveLength(0);
  });

  it('is itself never faulted nor logged', async () => {
    h.emulator.faults.hang();
    expect((await admin('GET', '/faults')).status).toBe(200);
    expect(h.emulator.log.entries()).toHaveLength(0);
  });
});

describe('the official client against faults', () => {
  it('gives up after six 429s in a row', async () => {
    h.emulator.faults.rateLimit({ times: 10 });
    const client = new Replicate(h.emulator.clientOptions());
    await expect(client.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' } })).rejects.toThrow(/429/);
    expect(h.emulator.log.withStatus(429)).toHaveLength(6);
  });
});
