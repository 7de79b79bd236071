// The two limits a run respects: how many predictions run at once (the user's concurrency) and how many
// are created per minute (Replicate allows 600). Both wait in arrival order and give up on abort.
import { abortReason, sleep as realSleep } from '../providers/http/backoff';

export class Semaphore {
  private available: number;
  private readonly waiting: Array<{ grant: () => void; signal: AbortSignal | undefined; onAbort: () => void }> = [];

  constructor(slots: number) {
    if (!(slots >= 1)) throw new RangeError(`concurrency must be at least 1, got ${slots}`);
    this.available = Math.floor(slots);
  }

  /** Resolves with a release function once a slot is free; rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      const release = () => {
        this.available++;
        this.next();
      };
      const entry = {
        signal,
        grant: () => {
          signal?.removeEventListener('abort', entry.onAbort);
          resolve(once(release));
        },
        onAbort: () => {
          const index = this.waiting.indexOf(entry);
          if (index !== -1) this.waiting.splice(index, 1);
          reject(abortReason(signal!));
        },
      };
      signal?.addEventListener('abort', entry.onAbort, { once: true });
      this.waiting.push(entry);
      this.next();
    });
  }

  private next(): void {
    while (this.available > 0 && this.waiting.length > 0) {
      this.available--;
      this.waiting.shift()!.grant();
    }
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}

export interface RateLimiterClock {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** At most `perMinute` takes in any sliding minute; callers beyond it wait for the oldest to age out. */
export class SlidingWindowLimiter {
  private readonly taken: number[] = [];
  private queue: Promise<void> = Promise.resolve();
  private readonly clock: RateLimiterClock;

  constructor(
    private readonly perMinute: number,
    clock: Partial<RateLimiterClock> = {},
  ) {
    if (!(perMinute >= 1)) throw new RangeError(`creates per minute must be at least 1, got ${perMinute}`);
    this.clock = { now: clock.now ?? Date.now, sleep: clock.sleep ?? realSleep };
  }

  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.takeNow(signal));
    this.queue = turn.catch(() => {});
    return turn;
  }

  private async takeNow(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw abortReason(signal);
      const now = this.clock.now();
      while (this.taken.length > 0 && this.taken[0]! <= now - 60_000) this.taken.shift();
      if (this.taken.length < this.perMinute) {
        this.taken.push(now);
        return;
      }
      await this.clock.sleep(this.taken[0]! + 60_000 - now, signal);
    }
  }
}
