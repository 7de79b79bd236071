/**
 * Replicate's account rate limits (optional): 600 prediction creates a minute and 3000 other API
 * requests a minute, counted over a sliding minute on the emulated clock.
 */
import type { EmulatedClock } from './clock';

export interface RateLimitOptions {
  createsPerMinute?: number;
  otherPerMinute?: number;
}

const WINDOW_MS = 60_000;

class SlidingWindow {
  private hits: number[] = [];

  constructor(private readonly limit: number) {}

  /** Records a hit if under the limit; otherwise answers how many seconds until one frees up. */
  tryHit(now: number): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    this.hits = this.hits.filter((t) => t > now - WINDOW_MS);
    if (this.hits.length < this.limit) {
      this.hits.push(now);
      return { allowed: true };
    }
    const oldest = this.hits[0] ?? now;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000)) };
  }
}

export class RateLimiter {
  private readonly creates: SlidingWindow;
  private readonly others: SlidingWindow;

  constructor(private readonly clock: EmulatedClock, options: RateLimitOptions = {}) {
    this.creates = new SlidingWindow(options.createsPerMinute ?? 600);
    this.others = new SlidingWindow(options.otherPerMinute ?? 3000);
  }

  check(isCreate: boolean): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    return (isCreate ? this.creates : this.others).tryHit(this.clock.now());
  }
}
