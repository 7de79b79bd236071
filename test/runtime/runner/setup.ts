// One emulator per test file, and per test a fresh cache, history and Replicate provider aimed at it.
// Backoff waits are recorded (so tests can check Retry-After was honoured) but last a millisecond, so
// a 429 storm costs no time; polling is fast and Prefer: wait short.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { catalog } from '../../../nodes';
import type { Plan, Workflow } from '../../../src/engine';
import { Cache } from '../../../src/runtime/cache/cache';
import { compileWorkflow } from '../../../src/runtime/compile-workflow';
import { History } from '../../../src/runtime/history/history';
import { ImagePreparer } from '../../../src/runtime/images/image-preparer';
import { ReplicateProvider, type ReplicateProviderOptions } from '../../../src/runtime/providers/replicate/replicate-provider';
import type { RunEvent } from '../../../src/runtime/runner/events';
import { runPlan, startRun, type RunPlanOptions } from '../../../src/runtime/runner/run-plan';
import { readWorkflowFile } from '../../../src/runtime/workflow/workflow-file';
import { startEmulator, type Emulator } from '../../emulator/index';
import { EXAMPLES_DIR, useTempDirs } from '../../helpers/temp-dir';

export const FAST_TIMING = { queueDelayMs: 2, predictMs: 15 };

export interface RunnerSetup {
  emulator: Emulator;
  cacheDir: string;
  dataDir: string;
  cache: Cache;
  history: History;
  provider: ReplicateProvider;
  /** Every backoff wait the provider asked for, in ms. */
  waits: number[];
  events: RunEvent[];
  /** Runs a plan with this setup's cache, history and provider; events are collected. */
  run(plan: Plan, options?: Partial<RunPlanOptions>): ReturnType<typeof runPlan>;
  start(plan: Plan, options?: Partial<RunPlanOptions>): ReturnType<typeof startRun>;
  newProvider(options?: Partial<ReplicateProviderOptions>): ReplicateProvider;
  compile(workflow: Workflow, baseDir?: string): Promise<Plan>;
  example(name: string): Promise<{ workflow: Workflow; plan: Plan }>;
}

export function useRunnerSetup(): () => Promise<RunnerSetup> {
  const tempDir = useTempDirs();
  let emulator: Emulator | undefined;
  const opened: History[] = [];
  beforeAll(async () => {
    emulator = await startEmulator({ timing: FAST_TIMING, randomSeed: 11 });
  });
  afterEach(async () => {
    emulator?.faults.clear();
    emulator?.resetLog();
    emulator?.setTiming(FAST_TIMING);
    for (const history of opened.splice(0)) await history.close();
  });
  afterAll(async () => {
    await emulator?.close();
  });

  return async () => {
    const emu = emulator!;
    const cacheDir = tempDir();
    const dataDir = tempDir();
    const cache = await Cache.open(cacheDir);
    const history = await History.open(dataDir);
    opened.push(history);
    const waits: number[] = [];
    const events: RunEvent[] = [];
    const newProvider = (options: Partial<ReplicateProviderOptions> = {}) =>
      new ReplicateProvider({
        token: emu.token,
        baseUrl: emu.baseUrl,
        cacheDir,
        waitSeconds: 1,
        pollIntervalMs: 5,
        retry: {
          sleep: async (ms) => {
            waits.push(ms);
            await new Promise((resolve) => setTimeout(resolve, 1));
          },
        },
        ...options,
      });
    const provider = newProvider();
    const images = new ImagePreparer(cache.blobs);
    const compile = (workflow: Workflow, baseDir?: string) => compileWorkflow(workflow, { catalog, images, baseDir, randomSeed: () => 4242 });
    const options = (extra: Partial<RunPlanOptions>): RunPlanOptions => ({
      provider,
      cache,
      history,
      onEvent: (event) => events.push(event),
      ...extra,
    });
    return {
      emulator: emu,
      cacheDir,
      dataDir,
      cache,
      history,
      provider,
      waits,
      events,
      newProvider,
      compile,
      run: (plan, extra = {}) => runPlan(plan, options(extra)),
      start: (plan, extra = {}) => startRun(plan, options(extra)),
      async example(name) {
        const file = join(EXAMPLES_DIR, `${name}.weft`);
        const read = await readWorkflowFile(file);
        if (!read.ok) throw new Error(read.error);
        return { workflow: read.workflow, plan: await compile(read.workflow, EXAMPLES_DIR) };
      },
    };
  };
}

export function eventsOf(events: readonly RunEvent[], type: RunEvent['type']): RunEvent[] {
  return events.filter((event) => event.type === type);
}

/** `node: status` for every call of a run, for compact assertions. */
export function statusesOf(result: Awaited<ReturnType<typeof runPlan>>): Record<string, string> {
  return Object.fromEntries(result.calls.map((call) => [call.node, call.status]));
}
