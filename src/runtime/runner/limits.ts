// The two limits a run respects: how many predictions run at once (the user's concurrency) and how many
// are created per minute (Replicate allows 600). Both give up on abort. Creates wait in arrival order;
// slots go to the waiter with the highest priority, in arrival order among equals (the runner gives
// calls on a longer chain a higher one, so a full slot pool never holds the critical path back). A
// caller about to ask for a slot can announce its priority first, so a slot freed meanwhile is kept for
// it rather than given to a waiter it outranks.
import { abortReason, sleep as realSleep } from '../providers/http/backoff';

export class Semaphore {
  private available: number;
  private readonly waiting: Array<{ grant: () => void; signal: AbortSignal | undefined; onAbort: () => void; priority: number }> = [];
  /** Priorities of callers that announced they are about to ask for a slot. */
  private readonly announced: number[] = [];

  constructor(slots: number) {
    if (!(slots >= 1)) throw new RangeError(`concurrency must be at least 1, got ${slots}`);
    this.available = Math.floor(slots);
  }

  /**
   * Resolves with a release function once a slot is free; rejects if `signal` aborts first. Waiters with
   * a higher `priority` are served first; equal priorities in arrival order.
   */
  acquire(signal?: AbortSignal, priority = 0): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      const release = () => {
        this.available++;
        this.next();
      };
      const entry = {
        signal,
        priority,
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
      // After every waiter of at least this priority: arrival order among equals.
      let at = this.waiting.length;
      while (at > 0 && this.waiting[at - 1]!.priority < priority) at--;
      this.waiting.splice(at, 0, entry);
      this.next();
    });
  }

  /**
   * Says a caller with this priority will ask for a slot soon: until the returned function is called
   * (right after that caller's acquire, or when it turns out not to need a slot), free slots are kept
   * for it instead of going to waiters of lower priority.
   */
  announce(priority: number): () => void {
    this.announced.push(priority);
    return once(() => {
      this.announced.splice(this.announced.indexOf(priority), 1);
      this.next();
    });
  }

  private next(): void {
    while (this.available > 0 && this.waiting.length > 0) {
      const head = this.waiting[0]!;
      const kept = this.announced.reduce((n, p) => (p > head.priority ? n + 1 : n), 0);
      if (this.available <= kept) return;
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
