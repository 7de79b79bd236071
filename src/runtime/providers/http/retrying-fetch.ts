// The `fetch` every request to Replicate goes through. It backs off on 429 and 5xx, honouring
// `Retry-After` (seconds or an HTTP date) and otherwise waiting a jittered exponential delay, for a
// bounded number of tries; it gives each try a timeout; and it reads the whole answer before returning,
// so an answer cut off halfway is a failed try here rather than a broken JSON parse somewhere else.
//
// What may be sent twice: reads (GET/HEAD), cancels and file uploads (repeating them costs nothing).
// A prediction create is never sent again after a 5xx, a cut connection or a timeout - the prediction
// may exist and be billed even though its answer was lost - only after a 429 (the server refused it)
// or a refused connection (the server never saw it). The provider then looks for the prediction
// instead (see replicate/lost-create.ts).
import { abortReason, backoffDelay, sleep as realSleep } from './backoff';
import { parseRetryAfter } from './retry-after';
import { TransportError, classifyNetworkError, describeTransport } from './transport-error';

export interface RetryInfo {
  method: string;
  url: string;
  /** The try that failed (1 for the first). */
  attempt: number;
  delayMs: number;
  /** "HTTP 429", "HTTP 503", "the connection was cut"... */
  reason: string;
}

export interface RetryingFetchOptions {
  fetch?: typeof fetch;
  /** Tries per request, the first included. */
  maxAttempts?: number;
  /** Tries when the server cannot be reached at all (refused, unknown host): it is rarely a blip. */
  maxUnreachableAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the request fails with the 429 at once. */
  maxRetryAfterMs?: number;
  /** Per try; a `Prefer: wait=N` request gets N seconds more. */
  timeoutMs?: number;
  /** Read the body before returning (default); false returns as soon as the headers arrive. */
  bufferBody?: boolean;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  onRetry?: (info: RetryInfo) => void;
}

export const DEFAULT_MAX_ATTEMPTS = 6;
export const DEFAULT_MAX_UNREACHABLE_ATTEMPTS = 3;
export const DEFAULT_TIMEOUT_MS = 60_000;
/** An upload may carry up to 100 MB: it gets up to this much longer than other requests... */
const UPLOAD_EXTRA_MS = 5 * 60_000;
/** ...in proportion to its size at a slow link's pace (~256 KB/s), so a hung small upload is not waited on for minutes. */
const SLOW_UPLOAD_BYTES_PER_MS = 256;

export type FetchLike = (url: string | URL | Request, init?: RequestInit) => Promise<Response>;

export function createRetryingFetch(options: RetryingFetchOptions = {}): FetchLike {
  const baseFetch = options.fetch ?? globalThis.fetch;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const maxUnreachableAttempts = Math.min(maxAttempts, options.maxUnreachableAttempts ?? DEFAULT_MAX_UNREACHABLE_ATTEMPTS);
  const backoff = {
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 30_000,
    random: options.random ?? Math.random,
  };
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const bufferBody = options.bufferBody ?? true;

  return async (input, init = {}) => {
    const url = input instanceof Request ? input.url : String(input);
    const method = (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const repeatable = isRepeatable(method, url);
    const timeoutMs = (options.timeoutMs ?? DEFAULT_TIMEOUT_MS) + preferWaitMs(init.headers) + (isUpload(method, url) ? uploadExtraMs(init.body) : 0);
    const callerSignal = init.signal ?? undefined;

    for (let attempt = 1; ; attempt++) {
      const last = attempt >= maxAttempts;
      const retry = async (delayMs: number, reason: string) => {
        options.onRetry?.({ method, url, attempt, delayMs, reason });
        await sleep(delayMs, callerSignal);
      };

      let response: Response;
      try {
        response = await fetchOnce(baseFetch, input, init, timeoutMs, bufferBody);
      } catch (error) {
        if (callerSignal?.aborted) throw abortReason(callerSignal);
        const failure = error instanceof TimeoutError ? 'timeout' : classifyNetworkError(error);
        const transport = new TransportError(failure, url, `${method} ${url}: ${describeTransport(failure)}`, { cause: error });
        const outOfTries = last || (transport.neverSent && attempt >= maxUnreachableAttempts);
        if (outOfTries || !(repeatable || transport.neverSent)) throw transport;
        await retry(backoffDelay(attempt, backoff), describeTransport(failure));
        continue;
      }

      if (response.status === 429) {
        const asked = parseRetryAfter(response.headers.get('retry-after'), now());
        if (last || (asked !== undefined && asked > maxRetryAfterMs)) return response;
        await retry(asked ?? backoffDelay(attempt, backoff), 'HTTP 429');
        continue;
      }
      if (response.status >= 500 && repeatable && !last) {
        const asked = parseRetryAfter(response.headers.get('retry-after'), now());
        await discard(response);
        await retry(asked !== undefined && asked <= maxRetryAfterMs ? asked : backoffDelay(attempt, backoff), `HTTP ${response.status}`);
        continue;
      }
      return response;
    }
  };
}

/** Reads, cancels and file uploads may be repeated; anything else (a prediction create) may not. */
export function isRepeatable(method: string, url: string): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || method === 'PUT' || method === 'DELETE') return true;
  if (method !== 'POST') return false;
  const path = new URL(url).pathname.replace(/\/+$/, '');
  return path.endsWith('/cancel') || path.endsWith('/files');
}

function isUpload(method: string, url: string): boolean {
  return method === 'POST' && new URL(url).pathname.replace(/\/+$/, '').endsWith('/files');
}

/** Extra time for an upload body of this size; the whole allowance when its size cannot be told. */
function uploadExtraMs(body: RequestInit['body']): number {
  const size = bodySize(body);
  return size === undefined ? UPLOAD_EXTRA_MS : Math.min(UPLOAD_EXTRA_MS, Math.ceil(size / SLOW_UPLOAD_BYTES_PER_MS));
}

function bodySize(body: RequestInit['body']): number | undefined {
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Blob) return body.size;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
  if (body instanceof FormData) {
    let size = 0;
    for (const [, value] of body) size += typeof value === 'string' ? Buffer.byteLength(value) : value.size;
    return size;
  }
  return undefined;
}

class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

async function fetchOnce(baseFetch: FetchLike, input: string | URL | Request, init: RequestInit, timeoutMs: number, bufferBody: boolean): Promise<Response> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new TimeoutError(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  timer.unref?.();
  const signal = init.signal ? AbortSignal.any([init.signal, timeout.signal]) : timeout.signal;
  try {
    const response = await baseFetch(input, { ...init, signal });
    if (!bufferBody) return response;
    const bytes = new Uint8Array(await response.arrayBuffer());
    return rebuild(response, bytes);
  } catch (error) {
    if (timeout.signal.aborted && !init.signal?.aborted) throw timeout.signal.reason;
    throw error;
  } finally {
    if (bufferBody) clearTimeout(timer);
  }
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function rebuild(from: Pick<Response, 'status' | 'statusText' | 'headers'>, bytes: Uint8Array): Response {
  const body = NULL_BODY_STATUSES.has(from.status) ? null : bytes;
  return new Response(body as ConstructorParameters<typeof Response>[0], { status: from.status, statusText: from.statusText, headers: from.headers });
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {});
}

/** Extra time for a `Prefer: wait=N` create, which the server holds open for up to N seconds. */
function preferWaitMs(headers: RequestInit['headers']): number {
  const prefer = new Headers(headers ?? {}).get('prefer');
  if (!prefer) return 0;
  const match = /(?:^|[\s,;])wait(?:=(\d+))?/.exec(prefer);
  if (!match) return 0;
  return (match[1] === undefined ? 60 : Number(match[1])) * 1000;
}
