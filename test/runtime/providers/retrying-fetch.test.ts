// The fetch every Replicate request goes through: what it waits, what it repeats, and what it never
// repeats (a prediction create whose answer was lost). A scripted fetch stands in for the network, and
// waits are recorded instead of slept.
import { describe, expect, it } from 'vitest';
import { createRetryingFetch, type RetryingFetchOptions } from '../../../src/runtime/providers/http/retrying-fetch';
import { TransportError } from '../../../src/runtime/providers/http/transport-error';
import { parseRetryAfter } from '../../../src/runtime/providers/http/retry-after';

type Step = Response | Error;

function scripted(steps: Step[]) {
  const seen: string[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    seen.push(`${init?.method ?? 'GET'} ${String(input)}`);
    const step = steps.shift();
    if (!step) throw new Error('no more scripted answers');
    if (step instanceof Error) throw step;
    return step;
  };
  return { fetch, seen };
}

function refused(): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
}

function reset(): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
}

const json = (status: number, headers: Record<string, string> = {}) => new Response(JSON.stringify({ status }), { status, headers });

function retrying(steps: Step[], options: RetryingFetchOptions = {}) {
  const waits: number[] = [];
  const network = scripted(steps);
  const fetch = createRetryingFetch({
    fetch: network.fetch,
    random: () => 0.5,
    sleep: async (ms) => void waits.push(ms),
    ...options,
  });
  return { fetch, waits, seen: network.seen };
}

const API = 'https://api.example/v1';

describe('Retry-After', () => {
  it('reads seconds and HTTP dates, and ignores what it cannot read', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('the retrying fetch', () => {
  it('waits what Retry-After asks after a 429, then answers the success', async () => {
    const r = retrying([json(429, { 'Retry-After': '2' }), json(429, { 'Retry-After': '1' }), json(200)]);
    const response = await r.fetch(`${API}/predictions/abc`);
    expect(response.status).toBe(200);
    expect(r.waits).toEqual([2000, 1000]);
  });

  it('retries a prediction create after a 429: the server refused it, nothing was created', async () => {
    const r = retrying([json(429, { 'Retry-After': '1' }), json(201)]);
    const response = await r.fetch(`${API}/predictions`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(201);
    expect(r.seen).toEqual([`POST ${API}/predictions`, `POST ${API}/predictions`]);
  });

  it('backs off exponentially (with jitter) without Retry-After, and gives up after the last try', async () => {
    const r = retrying([json(503), json(503), json(503), json(503)], { maxAttempts: 4, baseDelayMs: 100 });
    const response = await r.fetch(`${API}/predictions/abc`);
    expect(response.status).toBe(503);
    expect(r.seen).toHaveLength(4);
    // random() = 0.5: three quarters of 100, 200, 400.
    expect(r.waits).toEqual([75, 150, 300]);
  });

  it('never sends a prediction create twice after a 5xx or a cut connection', async () => {
    const afterError = retrying([json(500), json(201)]);
    expect((await afterError.fetch(`${API}/predictions`, { method: 'POST' })).status).toBe(500);
    expect(afterError.seen).toHaveLength(1);

    const afterReset = retrying([reset(), json(201)]);
    const failure = await afterReset.fetch(`${API}/deployments/o/n/predictions`, { method: 'POST' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TransportError);
    expect((failure as TransportError).neverSent).toBe(false);
    expect(afterReset.seen).toHaveLength(1);
  });

  it('does send a create again when the connection was refused (the server never saw it)', async () => {
    const r = retrying([refused(), json(201)]);
    expect((await r.fetch(`${API}/predictions`, { method: 'POST' })).status).toBe(201);
    expect(r.seen).toHaveLength(2);
  });

  it('repeats reads, cancels and uploads after 5xx and resets', async () => {
    const r = retrying([reset(), json(502), json(200), json(500), json(200), reset(), json(201)]);
    expect((await r.fetch(`${API}/predictions/abc`)).status).toBe(200);
    expect((await r.fetch(`${API}/predictions/abc/cancel`, { method: 'POST' })).status).toBe(200);
    expect((await r.fetch(`${API}/files`, { method: 'POST' })).status).toBe(201);
  });

  it('does not wait out a Retry-After longer than its limit', async () => {
    const r = retrying([json(429, { 'Retry-After': '3600' })], { maxRetryAfterMs: 60_000 });
    expect((await r.fetch(`${API}/predictions/abc`)).status).toBe(429);
    expect(r.waits).toEqual([]);
  });

  it('gives each try a timeout (longer for Prefer: wait), and reports it as a timeout', async () => {
    const hanging = (_input: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    const fetch = createRetryingFetch({ fetch: hanging, timeoutMs: 20, maxAttempts: 1 });
    const failure = await fetch(`${API}/predictions/abc`).catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: 'TransportError', failure: 'timeout' });
  });

  it('stops at once when the caller aborts, without another try', async () => {
    const controller = new AbortController();
    const r = retrying([json(503), json(200)], { sleep: (_ms, signal) => new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason))) });
    const pending = r.fetch(`${API}/predictions/abc`, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(r.seen).toHaveLength(1);
  });
});
