/**
 * The small HTTP vocabulary the routes share: a request already read into memory, the answer a route
 * gives back (written by the server, which may still reset or withhold it to inject a fault), and routes.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { RouteName } from './log';

export interface ApiRequest {
  readonly method: string;
  readonly url: URL;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Serialised as JSON unless it is a Buffer. */
  readonly body?: unknown;
  /** Facts for the request log. */
  readonly log?: {
    readonly predictionId?: string;
    readonly version?: string;
    readonly input?: Readonly<Record<string, unknown>>;
    readonly fileId?: string;
  };
}

export interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly name: RouteName;
  /** Needs `Authorization: Bearer <token>`. */
  readonly auth: boolean;
  /** Counts against the prediction-create rate limit rather than the general one. */
  readonly isCreate?: boolean;
  handle(request: ApiRequest, params: readonly string[]): ApiResponse | Promise<ApiResponse>;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): ApiResponse {
  return headers ? { status, body, headers } : { status, body };
}

export class BadJsonError extends Error {}

/** The body as JSON; an empty body reads as undefined. */
export function readJson(request: ApiRequest): unknown {
  if (request.body.length === 0) return undefined;
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch (error) {
    throw new BadJsonError(error instanceof Error ? error.message : String(error));
  }
}

export function header(request: ApiRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

export function matchRoute(routes: readonly Route[], method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const route of routes) {
    if (route.method !== method && !(route.method === 'GET' && method === 'HEAD')) continue;
    const match = route.pattern.exec(path);
    if (match) return { route, params: match.slice(1).map((p) => decodeURIComponent(p ?? '')) };
  }
  return undefined;
}
