// A runner aimed at the emulator with its own cache, history and provider, usable from a vitest file
// (through useBench) and from the soak script alike. Backoff waits are recorded and cut to a
// millisecond, so storms cost no time; polling is fast; every event is collected.
import { catalog } from '../../../nodes';
import type { Plan, Workflow } from '../../../src/engine';
import { Cache } from '../../../src/runtime/cache/cache';
import { compileWorkflow } from '../../../src/runtime/compile-workflow';
import { History } from '../../../src/runtime/history/history';
import { ImagePreparer } from '../../../src/runtime/images/image-preparer';
import { ReplicateProvider, type ReplicateProviderOptions } from '../../../src/runtime/providers/replicate/replicate-provider';
import type { RunEvent } from '../../../src/runtime/runner/events';
import { startRun, type RunPlanOptions, type RunResult } from '../../../src/runtime/runner/run-plan';
import type { Emulator } from '../../emulator/index';

export interface BenchDirs {
  cacheDir: string;
  dataDir: string;
}

/** What a bench needs of an emulator: where it is and a token it takes (in process, or another process's). */
export type EmulatorLike = Pick<Emulator, 'baseUrl' | 'token'>;

export interface Bench<E extends EmulatorLike = Emulator> extends BenchDirs {
  emulator: E;
  cache: Cache;
  history: History;
  /** Every backoff wait a provider of this bench asked for, in ms. */
  waits: number[];
  /** Every event of every run, in order. */
  events: RunEvent[];
  /** History write failures the runs reported (they must never stop a run). */
  historyErrors: unknown[];
  provider(options?: Partial<ReplicateProviderOptions>): ReplicateProvider;
  compile(workflow: Workflow): Promise<Plan>;
  run(plan: Plan, options?: Partial<RunPlanOptions>): Promise<RunResult>;
  close(): Promise<void>;
}

export async function openBench<E extends EmulatorLike>(emulator: E, dirs: BenchDirs): Promise<Bench<E>> {
  const cache = await Cache.open(dirs.cacheDir);
  const history = await History.open(dirs.dataDir);
  const waits: number[] = [];
  const events: RunEvent[] = [];
  const historyErrors: unknown[] = [];
  const images = new ImagePreparer(cache.blobs);
  const provider = (options: Partial<ReplicateProviderOptions> = {}) =>
    new ReplicateProvider({
      token: emulator.token,
      baseUrl: emulator.baseUrl,
      cacheDir: dirs.cacheDir,
      waitSeconds: 1,
      pollIntervalMs: 5,
      ...options,
      retry: {
        sleep: async (ms) => {
          waits.push(ms);
          await new Promise((resolve) => setTimeout(resolve, 1));
        },
        ...options.retry,
      },
    });
  let seed = 7000;
  return {
    ...dirs,
    emulator,
    cache,
    history,
    waits,
    events,
    historyErrors,
    provider,
    compile: (workflow) => compileWorkflow(workflow, { catalog, images, baseDir: undefined, randomSeed: () => ++seed }),
    run(plan, options = {}) {
      return startRun(plan, {
        provider: options.provider ?? provider(),
        cache,
        history,
        onHistoryError: (error) => historyErrors.push(error),
        ...options,
        onEvent: (event) => {
          events.push(event);
          options.onEvent?.(event);
        },
      }).result;
    },
    close: () => history.close(),
  };
}
