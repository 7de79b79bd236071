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
