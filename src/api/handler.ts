// One transport-free entry point for every host: validate the request with its schema, call the
// implementation, validate the answer, and turn any failure into an ApiError the UI can show. Hosts
// (IPC, HTTP) only move bytes to and from this function.
import { z } from 'zod';
import { ApiErrorSchema, type ApiError } from './common';
import { API, type ApiMethod } from './contract';

export type ApiImplementation = {
  [M in ApiMethod]: (request: z.output<(typeof API)[M]['request']>) => Promise<z.input<(typeof API)[M]['response']>>;
};

export type ApiReply = { ok: true; value: unknown } | { ok: false; error: ApiError };

/** Thrown by an implementation to answer a specific error code with a user-facing message. */
export class ApiFailure extends Error {
  override readonly name = 'ApiFailure';

  constructor(
    message: string,
    readonly code: ApiError['code'] = 'bad-request',
  ) {
    super(message);
  }
}

/**
 * The runtime may not import this layer (DESIGN.md), so its own failure class cannot extend ApiFailure:
 * any Error named 'ApiFailure' whose code is one of ours is taken as one, by shape.
 */
function asApiFailure(error: unknown): ApiError | undefined {
  if (error instanceof ApiFailure) return { code: error.code, error: error.message };
  if (!(error instanceof Error) || error.name !== 'ApiFailure') return undefined;
  const code = ApiErrorSchema.shape.code.safeParse((error as { code?: unknown }).code);
  return code.success ? { code: code.data, error: error.message } : undefined;
}

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(API, name);
}

export function createApiHandler(implementation: ApiImplementation, log: (message: string) => void = () => {}) {
  return async function handle(method: string, payload: unknown): Promise<ApiReply> {
    if (!isApiMethod(method)) return { ok: false, error: { code: 'not-found', error: `unknown API call "${method}"` } };
    const spec = API[method];
    const request = spec.request.safeParse(payload ?? {});
    if (!request.success) {
      return { ok: false, error: { code: 'bad-request', error: `${method}: ${describeIssues(request.error)}` } };
    }
    try {
      const run = implementation[method] as (r: unknown) => Promise<unknown>;
      const answer = await run(request.data);
      const checked = spec.response.safeParse(answer);
      if (!checked.success) {
        log(`${method} answered a value that does not match its schema: ${describeIssues(checked.error)}`);
        return { ok: false, error: { code: 'internal', error: `${method} failed inside Weft (its answer was malformed); the log has details` } };
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      const failure = asApiFailure(error);
      if (failure) return { ok: false, error: failure };
      const message = error instanceof Error ? error.message : String(error);
      log(`${method} failed: ${error instanceof Error && error.stack ? error.stack : message}`);
      return { ok: false, error: { code: 'internal', error: message } };
    }
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'request'} ${issue.message}`)
    .join('; ');
}
