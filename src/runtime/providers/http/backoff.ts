// Exponential backoff with "full jitter" (AWS architecture blog, 2015): a random wait between 0 and the
// exponential bound, so many clients throttled at the same moment do not all come back at once.

export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  /** In [0, 1). */
  random: () => number;
}

/** The wait before retry number `retry` (1 for the first retry). */
export function backoffDelay(retry: number, options: BackoffOptions): number {
  const bound = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  // Never zero: half the bound is guaranteed, the other half is jitter.
  return Math.round(bound / 2 + options.random() * (bound / 2));
}

/** Resolves after `ms`, or rejects at once with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException('The operation was aborted', 'AbortError');
}
