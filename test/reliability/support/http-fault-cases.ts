// The HTTP fault matrix: every kind of broken answer the emulator can give, on every route a run uses.
import type { Emulator, FaultInput } from '../../emulator/index';
import { MATRIX_PROMPTS } from './matrix-workflow';

export interface RouteCase {
  name: string;
  method: string;
  path: string;
  /** The route is only used when a create's answer is lost: lose one (the prediction exists). */
  loseACreate?: boolean;
  /** The route is only used when a prediction is canceled: the user cancels the run mid-way. */
  userCancels?: boolean;
}

export const ROUTES: readonly RouteCase[] = [
  { name: 'create', method: 'POST', path: '/v1/predictions' },
  { name: 'poll', method: 'GET', path: '/v1/predictions/*' },
  { name: 'upload', method: 'POST', path: '/v1/files' },
  { name: 'download', method: 'GET', path: '/delivery/*' },
  { name: 'list (lost create)', method: 'GET', path: '/v1/predictions', loseACreate: true },
  { name: 'cancel', method: 'POST', path: '/v1/predictions/*/cancel', userCancels: true },
];

export interface FaultCase {
  name: string;
  spec: (route: RouteCase) => FaultInput;
  /** A hang: the client must give up on its own (short timeouts are set for these). */
  hangs?: boolean;
}

const on = (route: RouteCase) => ({ method: route.method, path: route.path });

export const FAULTS: readonly FaultCase[] = [
  { name: '429 with Retry-After', spec: (r) => ({ kind: 'rate-limit', retryAfterSeconds: 1, ...on(r) }) },
  { name: '500 before handling', spec: (r) => ({ kind: 'server-error', status: 500, ...on(r) }) },
  { name: '503 after handling', spec: (r) => ({ kind: 'server-error', status: 503, afterHandling: true, ...on(r) }) },
  { name: 'reset before handling', spec: (r) => ({ kind: 'reset', ...on(r) }) },
  { name: 'reset after handling', spec: (r) => ({ kind: 'reset', afterHandling: true, ...on(r) }) },
  { name: 'reset mid-body', spec: (r) => ({ kind: 'reset', midBody: true, ...on(r) }) },
  { name: 'hang before handling', spec: (r) => ({ kind: 'hang', ...on(r) }), hangs: true },
  { name: 'hang after handling', spec: (r) => ({ kind: 'hang', afterHandling: true, ...on(r) }), hangs: true },
];

/** Short enough that hung requests cost little, long enough for a loaded machine to answer the rest. */
export const MATRIX_PROVIDER = { retry: { timeoutMs: 300, maxAttempts: 4 }, downloadTimeoutMs: 700, maxCreateAttempts: 3 };

/** Provider options for a case: on the cancel route, creates go without `Prefer: wait`, so the run can be canceled at once. */
export function providerFor(route: RouteCase) {
  return route.userCancels ? { ...MATRIX_PROVIDER, fetch: withoutPreferWait } : MATRIX_PROVIDER;
}

const withoutPreferWait: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  headers.delete('prefer');
  return fetch(input, { ...init, headers });
};

/** Arms what makes the route be used at all (polls always; a lost create for the list; a slow call to cancel). */
export function armRoute(emulator: Emulator, route: RouteCase): void {
  // Answers to `Prefer: wait` that still say "processing": every call is polled at least once.
  emulator.faults.processingWaitAnswer();
  if (route.loseACreate) emulator.faults.serverError({ method: 'POST', path: '/v1/predictions', afterHandling: true, times: 1 });
  if (route.userCancels) emulator.faults.slowPredictions({ promptIncludes: MATRIX_PROMPTS.a, predictMs: 20_000 });
}
