// The API over HTTP, for browser mode: POST /api/<method> with the request as JSON, events over
// Server-Sent Events. The host's secret travels as an HttpOnly cookie set when the page was opened.
import { API, ApiEventSchema, type ApiEvent, type ApiMethod, type WeftApi } from '../../api';
import { ApiCallError } from './api-error';
import { unwrapReply } from './reply';

export interface ConnectionListener {
  (state: 'open' | 'lost'): void;
}

export function createHttpApi(base = '', onConnection: ConnectionListener = () => {}): WeftApi {
  async function call(method: ApiMethod, request: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(request ?? {}),
      });
    } catch {
      onConnection('lost');
      throw new ApiCallError('Weft’s host is not answering: is `npm run web` still running?', 'io', method);
    }
    onConnection('open');
    if (response.status === 403) {
      throw new ApiCallError('The host refused this page: open the URL it printed (with its ?secret=…) again', 'token', method);
    }
    let reply: unknown;
    try {
      reply = await response.json();
    } catch {
      throw new ApiCallError(`${method}: the host answered HTTP ${response.status} without a readable body`, 'io', method);
    }
    return unwrapReply(method, reply);
  }

  const listeners = new Set<(event: ApiEvent) => void>();
  let source: EventSource | undefined;
  function ensureEvents(): void {
    if (source || typeof EventSource === 'undefined') return;
    source = new EventSource(`${base}/api/events`, { withCredentials: true });
    source.onopen = () => onConnection('open');
    // EventSource reconnects by itself; the banner tells the user meanwhile.
    source.onerror = () => onConnection('lost');
    source.onmessage = (message: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      const parsed = ApiEventSchema.safeParse(data);
      if (!parsed.success) return;
      for (const listener of listeners) listener(parsed.data);
    };
  }

  const api: Record<string, unknown> = {};
  for (const method of Object.keys(API) as ApiMethod[]) api[method] = (request: unknown) => call(method, request);
  api.onEvent = (listener: (event: ApiEvent) => void) => {
    listeners.add(listener);
    ensureEvents();
    return () => listeners.delete(listener);
  };
  return api as WeftApi;
}
