// A bench of its own for one test - its own emulator, cache, history and temp folders, all closed and
// removed afterwards - so tests that mostly wait (on timeouts, on child processes) can run concurrently
// without sharing an emulator's faults or request log.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorOptions } from '../../emulator/index';
import { openBench, type Bench } from './bench';

export const FAST_TIMING = { queueDelayMs: 2, predictMs: 15 };

export async function withBench<T>(work: (bench: Bench) => Promise<T>, options: EmulatorOptions = {}): Promise<T> {
  const root = mkdtempSync(join(tmpdir(), 'weft-rel-'));
  const emulator = await startEmulator({ timing: FAST_TIMING, randomSeed: 23, ...options });
  const bench = await openBench(emulator, { cacheDir: join(root, 'cache'), dataDir: join(root, 'data') });
  try {
    return await work(bench);
  } finally {
    await bench.close();
    await emulator.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/** A temp folder of its own for one test, removed afterwards (safe in concurrent tests, unlike afterEach). */
export async function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-rel-'));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
