import { describe, expect, it } from 'vitest';
import { FINISHING_MS, nextPollDelay } from '../../../src/runtime/providers/replicate/poll-delay';

const bar = (step: number, total: number, rate: string) => ` ${Math.round((100 * step) / total)}%|█████     | ${step}/${total} [00:03<00:03, ${rate}]`;

describe('when to poll a running prediction again', () => {
  it('waits for the steps the tqdm bar says are left, never past the interval', () => {
    expect(nextPollDelay(`Using seed: 1\n${bar(24, 28, ' 10.00it/s')}`, 1000, { finishingPolls: 0 })).toBeCloseTo(400);
    expect(nextPollDelay(bar(2, 28, ' 10.00it/s'), 1000, { finishingPolls: 0 })).toBe(1000);
    expect(nextPollDelay(bar(27, 28, '2.50s/it'), 5000, { finishingPolls: 0 })).toBe(2500);
  });

  it('polls quickly once sampling is done, backing off towards the interval', () => {
    const state = { finishingPolls: 0 };
    const delays = Array.from({ length: 9 }, () => nextPollDelay(bar(28, 28, ' 9.00it/s'), 1000, state));
    expect(delays[0]).toBe(FINISHING_MS);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(delays.at(-1)).toBe(1000);
  });

  it('uses the expected step count when the bar has no total, and the interval when logs say nothing', () => {
    expect(nextPollDelay('14it [00:03, 4.00it/s]', 1000, { finishingPolls: 0 }, 16)).toBe(500);
    expect(nextPollDelay('14it [00:03, 4.00it/s]', 1000, { finishingPolls: 0 })).toBe(1000);
    expect(nextPollDelay('loading weights…', 1000, { finishingPolls: 0 })).toBe(1000);
  });
});
