// Memory over a soak: RSS and heap sampled on a timer, and the heap measured after a full garbage
// collection at the end of each round - the figure that shows whether memory stays flat or creeps up.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface MemorySample {
  atMs: number;
  rssMb: number;
  heapMb: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** A full GC, without needing node to be started with --expose-gc. */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
}

export function sampleMemory(startedAt: number): MemorySample {
  const usage = process.memoryUsage();
  return { atMs: Date.now() - startedAt, rssMb: mb(usage.rss), heapMb: mb(usage.heapUsed) };
}

/** Samples every `everyMs` until stopped. */
export function startSampler(everyMs = 250): { samples: MemorySample[]; stop(): MemorySample[] } {
  const startedAt = Date.now();
  const samples: MemorySample[] = [sampleMemory(startedAt)];
  const timer = setInterval(() => samples.push(sampleMemory(startedAt)), everyMs);
  timer.unref();
  return {
    samples,
    stop() {
      clearInterval(timer);
      samples.push(sampleMemory(startedAt));
      return samples;
    },
  };
}

/** Heap after a full GC, in MB. */
export function settledHeapMb(): number {
  collectGarbage();
  return mb(process.memoryUsage().heapUsed);
}
