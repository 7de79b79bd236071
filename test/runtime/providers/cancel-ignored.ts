// A network through which Replicate accepts a cancel but never carries it out: the cancel request is
// answered with the prediction as it stands (a GET of it), so it keeps running. Replicate's cancel is
// asynchronous; this is its worst case, for tests of what Weft says when a cancel is not confirmed.
import type { FetchLike } from '../../../src/runtime/providers/http/retrying-fetch';

export function cancelIgnored(network: FetchLike): FetchLike {
  return (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (method === 'POST' && /\/predictions\/[^/]+\/cancel\/?$/.test(new URL(url).pathname)) {
      return network(url.replace(/\/cancel\/?$/, ''), { method: 'GET', headers: init?.headers ?? {} });
    }
    return network(input, init);
  };
}
