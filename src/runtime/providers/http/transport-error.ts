// A request that got no HTTP answer. What matters is whether the server may have acted on it: a
// refused connection or an unknown host never reached it (safe to send again), while a reset or a
// timeout after the request was sent may have created a prediction whose answer we lost.
import { errnoOf } from '../../storage/errors';

export type TransportFailure = 'refused' | 'dns' | 'reset' | 'timeout' | 'other';

export class TransportError extends Error {
  override readonly name = 'TransportError';

  constructor(
    readonly failure: TransportFailure,
    readonly url: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The server never saw the request. */
  get neverSent(): boolean {
    return this.failure === 'refused' || this.failure === 'dns';
  }
}

const REFUSED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN']);
const TIMEOUT = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Undici reports network failures as `TypeError: fetch failed` with the system error as `cause`. */
export function classifyNetworkError(error: unknown): TransportFailure {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = errnoOf(e);
    if (code === undefined) continue;
    if (REFUSED.has(code)) return 'refused';
    if (DNS.has(code)) return 'dns';
    if (TIMEOUT.has(code)) return 'timeout';
    return 'reset';
  }
  return 'other';
}

export function describeTransport(failure: TransportFailure): string {
  switch (failure) {
    case 'refused':
      return 'the connection was refused';
    case 'dns':
      return 'the host name could not be resolved';
    case 'reset':
      return 'the connection was cut';
    case 'timeout':
      return 'no answer came in time';
    case 'other':
      return 'the request failed';
  }
}
