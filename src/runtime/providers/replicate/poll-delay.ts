// When to look at a running prediction again. Polling at a fixed interval costs, on average, half an
// interval of waiting after the prediction has finished, on every call of a chain (measured: a chain of
// three 2 s predictions took 1 s longer per link with a 1 s interval). The predictor's tqdm bar says how
// many steps are left and at what rate, so the next poll goes where the last step should be done; once
// sampling is done (the safety checker and the upload of outputs remain), polls come quickly, backing
// off towards the interval. Never more often than FINISHING_MS apart, never less often than the interval.

/** The first poll after sampling ended; later ones back off by FINISHING_BACKOFF up to the interval. */
export const FINISHING_MS = 50;
const FINISHING_BACKOFF = 1.5;

// ` 50%|█████     | 14/28 [00:03<00:03,  3.80it/s]`, `14it [00:03, 3.9it/s]`, slow ones `2.50s/it`.
const WITH_TOTAL = /\|\s*(\d+)\/(\d+) \[[^\]]*?,\s*([\d.]+)(it\/s|s\/it)\]/;
const WITHOUT_TOTAL = /^\s*(\d+)it \[[^\]]*?,\s*([\d.]+)(it\/s|s\/it)\]/;

export interface PollState {
  /** Polls made since the logs said sampling was done. */
  finishingPolls: number;
}

/**
 * Milliseconds to wait before the next poll. `expectedSteps` is the call's num_inference_steps, used when
 * the bar has no total (the inversions model in bf16).
 */
export function nextPollDelay(logs: string, intervalMs: number, state: PollState, expectedSteps?: number): number {
  const left = stepsLeft(logs, expectedSteps);
  if (left === undefined) return intervalMs;
  if (left.steps <= 0) {
    const delay = FINISHING_MS * FINISHING_BACKOFF ** state.finishingPolls;
    state.finishingPolls++;
    return Math.min(intervalMs, delay);
  }
  return Math.min(intervalMs, Math.max(FINISHING_MS, left.ms));
}

function stepsLeft(logs: string, expectedSteps: number | undefined): { steps: number; ms: number } | undefined {
  const lines = logs.split(/[\r\n]+/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    const bar = WITH_TOTAL.exec(line);
    const count = bar ? undefined : WITHOUT_TOTAL.exec(line);
    if (!bar && !count) continue;
    const step = Number(bar ? bar[1] : count![1]);
    const total = bar ? Number(bar[2]) : expectedSteps;
    if (total === undefined || !Number.isFinite(total)) return undefined;
    const value = Number(bar ? bar[3] : count![2]);
    const unit = bar ? bar[4] : count![3];
    const secondsPerStep = unit === 'it/s' ? (value > 0 ? 1 / value : Infinity) : value;
    const steps = total - step;
    return { steps, ms: steps * secondsPerStep * 1000 };
  }
  return undefined;
}
