// Summaries of repeated measurements. These machines are shared and noisy, so every figure is reported as
// a median with its spread, and targets are judged on ratios measured side by side in the same run.

export interface Summary {
  median: number;
  min: number;
  max: number;
  /** Interquartile range, as a fraction of the median: how noisy the figure was. */
  spread: number;
  samples: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('summarize: no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    const i = (sorted.length - 1) * q;
    const lo = Math.floor(i);
    const hi = Math.ceil(i);
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
  };
  const median = at(0.5);
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, spread: median === 0 ? 0 : (at(0.75) - at(0.25)) / median, samples: values.length };
}

/** Runs `fn` `repetitions` times after `warmup` unmeasured runs; returns milliseconds per run. */
export async function measure(fn: () => unknown | Promise<unknown>, repetitions: number, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times;
}

/** Alternates two workloads so drift on the machine hits both alike; returns each one's samples. */
export async function measurePair(a: () => unknown, b: () => unknown, repetitions: number, warmup = 1): Promise<[number[], number[]]> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    for (const [fn, into] of i % 2 === 0 ? ([[a, ta], [b, tb]] as const) : ([[b, tb], [a, ta]] as const)) {
      const start = performance.now();
      await fn();
      into.push(performance.now() - start);
    }
  }
  return [ta, tb];
}

/**
 * Runs each workload once per round, rotating which goes first, so drift on the machine hits all alike.
 * `run` returns the figure of one repetition (usually milliseconds, but a workload may report its own).
 */
export async function measureRounds<K extends string>(workloads: Record<K, () => Promise<number>>, rounds: number): Promise<Record<K, number[]>> {
  const names = Object.keys(workloads) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length]!;
      samples[name].push(await workloads[name]());
    }
  }
  return samples;
}

/** Paired ratios a[i] / b[i], summarized: the figure to judge a target on when both drift together. */
export function ratioSummary(a: readonly number[], b: readonly number[]): Summary {
  if (a.length !== b.length) throw new Error('ratioSummary: unpaired samples');
  return summarize(a.map((x, i) => x / b[i]!));
}
