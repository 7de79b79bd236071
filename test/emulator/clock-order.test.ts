/**
 * The emulated clock runs real-time tasks in the order they are due even when the event loop stalls:
 * node wakes timers in batches per duration, so without care a task due later (sharing its duration
 * with an older timer) could run before one due earlier - a prediction's last step before the step
 * that was to fail it.
 */
import { describe, expect, it } from 'vitest';
import { EmulatedClock } from './clock';

function busyWait(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // stall the event loop, as a loaded machine does
  }
}

describe('the emulated clock under a stalled event loop', () => {
  it('runs due tasks in the order they were due', async () => {
    const clock = new EmulatedClock();
    const order: string[] = [];
    const older = setTimeout(() => {}, 20); // an older timer with the same duration as "late"
    busyWait(10);
    clock.schedule(20, () => order.push('late'));
    clock.schedule(15, () => order.push('early'));
    busyWait(40);
    await new Promise((resolve) => setTimeout(resolve, 30));
    clearTimeout(older);
    clock.stop();
    expect(order).toEqual(['early', 'late']);
  });
});
