// The random weather of a soak: every fault the emulator knows, each striking a small fraction of the
// requests or predictions it matches (drawn from the emulator's seeded random source, so a seed replays
// a soak). Faults that only cost time are common; faults that end a call are rare.
import type { FaultInput } from '../../emulator/index';

export const SOAK_FAULTS: readonly FaultInput[] = [
  { kind: 'rate-limit', retryAfterSeconds: 1, probability: 0.03 },
  { kind: 'server-error', status: 500, path: '/v1/*', probability: 0.02 },
  { kind: 'server-error', status: 503, afterHandling: true, method: 'POST', path: '/v1/predictions', probability: 0.02 },
  { kind: 'reset', afterHandling: true, method: 'GET', path: '/v1/predictions/*', probability: 0.02 },
  { kind: 'reset', midBody: true, path: '/delivery/*', probability: 0.03 },
  { kind: 'reset', path: '/v1/predictions', method: 'POST', probability: 0.01 },
  { kind: 'hang', method: 'GET', path: '/v1/predictions/*', probability: 0.01 },
  { kind: 'hang', path: '/delivery/*', probability: 0.01 },
  { kind: 'processing-wait-answer', probability: 0.2 },
  { kind: 'slow-prediction', predictMs: 400, probability: 0.05 },
  { kind: 'fail-prediction', error: 'CUDA error: an illegal memory access was encountered', probability: 0.02 },
  { kind: 'safety-drop', drop: 'all', probability: 0.01 },
  { kind: 'expire-outputs', probability: 0.01 },
];

/** Provider settings for a soak: hung requests are given up on after a couple of seconds. */
export const SOAK_PROVIDER = { retry: { timeoutMs: 2500 }, downloadTimeoutMs: 4000, pollIntervalMs: 20 };
