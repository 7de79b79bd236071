/**
 * The HTTP server: reads each request, lets an injected fault or the rate limiter answer first, checks
 * the token, runs the route, and writes (or withholds, or cuts short) the answer. Every request except
 * the admin API is written to the request log with its outcome.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { notFound, serverError, throttled, unauthenticated } from './api-errors';
import type { EmulatorContext } from './context';
import type { Faults, HttpFaultSpec } from './faults';
import { json, matchRoute, type ApiRequest, type ApiResponse, type Route } from './http';
import type { NewLogEntry, RequestLog, RequestOutcome, RouteName } from './log';
import type { RateLimiter } from './rate-limit';
import { handleAdmin, type AdminDeps } from './routes/admin';

export interface ServerDeps {
  readonly context: EmulatorContext;
  readonly routes: readonly Route[];
  readonly faults: Faults;
  readonly log: RequestLog;
  readonly tokens: ReadonlySet<string>;
  readonly rateLimiter: RateLimiter | undefined;
  readonly admin: AdminDeps;
}

export interface EmulatorServer {
  readonly server: Server;
  /** Ends hung requests and open connections so close() does not wait on them. */
  destroyConnections(): void;
}

/** Slack over the 100 MB upload limit for multipart framing. */
const BODY_SLACK_BYTES = 1024 * 1024;

async function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) tooLarge = true; // keep draining so the client sees an answer, not a reset
    else chunks.push(buffer);
  }
  return { body: Buffer.concat(chunks), tooLarge };
}

function serialize(response: ApiResponse): { bytes: Buffer; headers: Record<string, string> } {
  const headers: Record<string, string> = { ...response.headers };
  if (response.body === undefined) return { bytes: Buffer.alloc(0), headers };
  if (Buffer.isBuffer(response.body)) return { bytes: response.body, headers };
  headers['Content-Type'] = 'application/json';
  return { bytes: Buffer.from(JSON.stringify(response.body)), headers };
}

function write(res: ServerResponse, response: ApiResponse, headOnly: boolean): void {
  const { bytes, headers } = serialize(response);
  res.writeHead(response.status, { ...headers, 'Content-Length': String(bytes.length) });
  res.end(headOnly ? undefined : bytes);
}

/** Sends the status, the headers (with the full Content-Length) and half the body, then cuts the connection. */
function writeHalfThenReset(res: ServerResponse, response: ApiResponse): void {
  const { bytes, headers } = serialize(response);
  res.writeHead(response.status, { ...headers, 'Content-Length': String(bytes.length) });
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
}

function tokenOf(req: IncomingMessage): string | undefined {
  const match = /^(?:Bearer|Token)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

function loggedHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name] = name === 'authorization' ? '<redacted>' : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function appliesAfterHandling(fault: HttpFaultSpec): boolean {
  if (fault.kind === 'reset') return fault.midBody === true || fault.afterHandling === true;
  if (fault.kind === 'server-error' || fault.kind === 'hang') return fault.afterHandling === true;
  return false;
}

export function createEmulatorServer(deps: ServerDeps): EmulatorServer {
  const { context, faults, log } = deps;
  const hung = new Set<ServerResponse>();

  const hold = (res: ServerResponse) => {
    hung.add(res);
    res.on('close', () => hung.delete(res));
  };

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedAt = context.clock.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const { body, tooLarge } = await readBody(req, context.maxUploadBytes + BODY_SLACK_BYTES);
    const url = new URL(req.url ?? '/', context.origin());
    const request: ApiRequest = { method, url, path: url.pathname, headers: req.headers, body };

    if (url.pathname === '/__emulator' || url.pathname.startsWith('/__emulator/')) {
      write(res, handleAdmin(deps.admin, request), false);
      return;
    }

    const matched = matchRoute(deps.routes, method, url.pathname);
    const routeName: RouteName = matched?.route.name ?? 'not-found';
    const record = (status: number | null, outcome: RequestOutcome, response?: ApiResponse, fault?: string) => {
      const entry: NewLogEntry = {
        atMs: arrivedAt,
        at: new Date(arrivedAt).toISOString(),
        method,
        path: url.pathname,
        query: url.search,
        route: routeName,
        status,
        outcome,
        headers: loggedHeaders(req),
        ...(fault === undefined ? {} : { fault }),
        ...response?.log,
      };
      log.record(entry);
    };
    const answer = (response: ApiResponse, fault?: string) => {
      write(res, response, method === 'HEAD');
      record(response.status, 'answered', response, fault);
    };

    // 1. Faults that strike before the request is handled.
    const fault = faults.takeHttpFault(method, url.pathname);
    if (fault && !appliesAfterHandling(fault)) {
      switch (fault.kind) {
        case 'rate-limit': {
          const seconds = fault.retryAfterSeconds ?? 30;
          return answer(json(429, throttled(seconds), { 'Retry-After': String(seconds) }), fault.kind);
        }
        case 'server-error':
          return answer(json(fault.status ?? 500, serverError(fault.status ?? 500)), fault.kind);
        case 'reset':
          req.socket.destroy();
          return record(null, 'reset', undefined, fault.kind);
        case 'hang':
          hold(res);
          return record(null, 'hung', undefined, fault.kind);
      }
    }

    // 2. The account's rate limits, when turned on (the delivery host is not part of the API).
    if (deps.rateLimiter && routeName !== 'delivery.get') {
      const verdict = deps.rateLimiter.check(matched?.route.isCreate === true);
      if (!verdict.allowed) {
        return answer(json(429, throttled(verdict.retryAfterSeconds), { 'Retry-After': String(verdict.retryAfterSeconds) }));
      }
    }

    // 3. Authentication (every API path), then the route.
    const needsToken = matched ? matched.route.auth : url.pathname.startsWith('/v1');
    if (needsToken && !deps.tokens.has(tokenOf(req) ?? '')) return answer(json(401, unauthenticated()));
    if (!matched) return answer(json(404, notFound()));
    if (tooLarge) return answer(json(413, { title: 'Payload too large', detail: 'The request body is too large.', status: 413 }));

    let response: ApiResponse;
    try {
      response = await matched.route.handle(request, matched.params);
    } catch (error) {
      response = json(500, { title: 'Emulator error', detail: String(error instanceof Error ? error.stack : error), status: 500 });
    }

    // 4. Faults that strike after the work is done: the prediction exists, the answer is lost.
    if (fault) {
      switch (fault.kind) {
        case 'server-error': {
          const status = fault.status ?? 500;
          return answer({ ...json(status, serverError(status)), log: response.log }, fault.kind);
        }
        case 'reset':
          if (fault.midBody) writeHalfThenReset(res, response);
          else req.socket.destroy();
          return record(fault.midBody ? response.status : null, 'reset', response, fault.kind);
        case 'hang':
          hold(res);
          return record(null, 'hung', response, fault.kind);
      }
    }
    answer(response);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      if (!res.headersSent) write(res, json(500, { title: 'Emulator error', detail: String(error), status: 500 }), false);
      else res.destroy();
    });
  });

  return {
    server,
    destroyConnections() {
      for (const res of hung) res.socket?.destroy();
      hung.clear();
      server.closeAllConnections();
    },
  };
}
