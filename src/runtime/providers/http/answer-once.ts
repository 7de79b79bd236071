// The `replicate` client (1.4.0) retries on its own: up to six tries milliseconds apart, ignoring
// `Retry-After`, re-sending a POST after a 429 and *any* request whose fetch threw - a create whose
// answer was lost included. That would defeat both our backoff and our rule of never sending a create
// twice. Every try of one client request reuses the same `init` object, so this wrapper answers the
// first try with the outcome of our own retries and every further try with that same outcome, without
// touching the network again.
import { rebuild, type FetchLike } from './retrying-fetch';

type Outcome = { ok: true; status: number; statusText: string; headers: Headers; bytes: Uint8Array } | { ok: false; error: unknown };

export function answerOncePerRequest(fetch: FetchLike): FetchLike {
  const outcomes = new WeakMap<RequestInit, Promise<Outcome>>();
  return async (input, init) => {
    if (!init) return fetch(input, init);
    let outcome = outcomes.get(init);
    if (!outcome) {
      outcome = settle(fetch(input, init));
      outcomes.set(init, outcome);
    }
    const settled = await outcome;
    if (!settled.ok) throw settled.error;
    return rebuild(settled, settled.bytes);
  };
}

async function settle(response: Promise<Response>): Promise<Outcome> {
  try {
    const answer = await response;
    const bytes = new Uint8Array(await answer.arrayBuffer());
    return { ok: true, status: answer.status, statusText: answer.statusText, headers: answer.headers, bytes };
  } catch (error) {
    return { ok: false, error };
  }
}
