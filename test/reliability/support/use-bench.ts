// One emulator per test file and a fresh bench (cache, history, provider) per test; faults, timing and
// tokens are put back after each test.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index';
import { useTempDirs } from '../../helpers/temp-dir';
import { openBench, type Bench } from './bench';
import { FAST_TIMING } from './with-bench';

export function useBench(options: EmulatorOptions = {}): () => Promise<Bench> {
  const tempDir = useTempDirs();
  let emulator: Emulator | undefined;
  const open: Bench[] = [];
  beforeAll(async () => {
    emulator = await startEmulator({ timing: FAST_TIMING, randomSeed: 23, ...options });
  });
  afterEach(async () => {
    for (const bench of open.splice(0)) await bench.close();
    emulator?.faults.clear();
    emulator?.resetLog();
    emulator?.setTiming({ ...FAST_TIMING, ...options.timing });
    emulator?.setTokens([emulator.token]);
  });
  afterAll(async () => {
    await emulator?.close();
  });
  return async () => {
    const bench = await openBench(emulator!, { cacheDir: tempDir(), dataDir: tempDir() });
    open.push(bench);
    return bench;
  };
}
