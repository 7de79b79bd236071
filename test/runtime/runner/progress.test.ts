// Progress as the user sees it, read from the model's logs.
import { describe, expect, it } from 'vitest';
import { lastLogLine, parseProgress } from '../../../src/runtime/runner/progress';

describe('progress from logs', () => {
  it('reads the percentage, step and total of the last tqdm bar', () => {
    const logs = 'Using seed: 42\n  0%|          | 0/28 [00:00<?, ?it/s]\n 50%|█████     | 14/28 [00:03<00:03,  3.80it/s]\n';
    expect(parseProgress(logs)).toEqual({ percent: 50, step: 14, total: 28 });
  });

  it('says progress is unknown (not zero) when the bar has no total', () => {
    expect(parseProgress('Using seed: 42\n28it [00:07, 3.9it/s]\n')).toEqual({ percent: null, step: 28 });
  });

  it('finds nothing before the first bar, and reads bars separated by carriage returns', () => {
    expect(parseProgress('Using seed: 42\nLoading LoRA weights\n')).toBeUndefined();
    expect(parseProgress(' 10%|█         | 1/10 [00:00<00:09, 1.00it/s]\r 20%|██        | 2/10 [00:01<00:08, 1.00it/s]')).toMatchObject({ percent: 20, step: 2 });
  });

  it('keeps the last thing the model said in words', () => {
    expect(lastLogLine('Using seed: 42\n100%|██████████| 28/28 [00:07<00:00, 3.80it/s]\nTotal safe images: 1 out of 1\n')).toBe('Total safe images: 1 out of 1');
    expect(lastLogLine(' 50%|█████     | 14/28 [00:03<00:03,  3.80it/s]\n')).toBeUndefined();
  });
});
