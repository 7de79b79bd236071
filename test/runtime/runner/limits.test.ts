// The create rate limit, on a fake clock: at most N creates in any minute, the rest wait their turn.
import { describe, expect, it } from 'vitest';
import { Semaphore, SlidingWindowLimiter } from '../../../src/runtime/runner/limits';

describe('the create rate limit', () => {
  it('lets N creates through in a minute, then waits until the oldest is a minute old', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = new SlidingWindowLimiter(3, {
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await limiter.take();
      times.push(now);
      now += 10;
    }
    expect(times).toEqual([0, 10, 20, 60_000, 60_010]);
    expect(waits).toEqual([59_970]);
  });

  it('gives up waiting when aborted', async () => {
    const limiter = new SlidingWindowLimiter(1, { now: () => 0, sleep: (_ms, signal) => new Promise((_r, reject) => signal?.addEventListener('abort', () => reject(signal.reason))) });
    await limiter.take();
    const controller = new AbortController();
    const waiting = limiter.take(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('the concurrency limit', () => {
  it('grants slots in order as they are released, and drops waiters that abort', async () => {
    const slots = new Semaphore(1);
    const order: string[] = [];
    const release = await slots.acquire();
    const controller = new AbortController();
    const dropped = slots.acquire(controller.signal).then(() => order.push('dropped'), () => order.push('aborted'));
    const next = slots.acquire().then((r) => {
      order.push('next');
      return r;
    });
    controller.abort();
    await dropped;
    release();
    (await next)();
    expect(order).toEqual(['aborted', 'next']);
  });
});
