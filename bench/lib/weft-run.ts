// Weft as the CLI and the app run a workflow: compile with the runtime (images read and hashed), then
// runPlan against a Replicate provider, with a cache and a history on disk. Each "fresh" state is a new
// cache folder, history folder and provider, so a cold run really is cold.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalog } from '../../nodes';
import { hasErrors, type Plan, type Workflow } from '../../src/engine';
import { Cache } from '../../src/runtime/cache/cache';
import { compileWorkflow } from '../../src/runtime/compile-workflow';
import { History } from '../../src/runtime/history/history';
import { ImagePreparer } from '../../src/runtime/images/image-preparer';
import { ReplicateProvider } from '../../src/runtime/providers/replicate/replicate-provider';
import { runPlan, type RunPlanOptions, type RunResult } from '../../src/runtime/runner/run-plan';

export interface WeftState {
  dir: string;
  cache: Cache;
  history: History;
  provider: ReplicateProvider;
  images: ImagePreparer;
  close(): Promise<void>;
}

const made: string[] = [];

export function benchTempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `weft-bench-${label}-`));
  made.push(dir);
  return dir;
}

export function removeBenchTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A new cache, history and provider, as on a machine that never ran anything. */
export async function freshState(api: { baseUrl: string; token: string }): Promise<WeftState> {
  const dir = benchTempDir('state');
  const cacheDir = join(dir, 'cache');
  const cache = await Cache.open(cacheDir);
  const history = await History.open(join(dir, 'data'));
  // The provider's defaults, as `weft run` and the app use them (Prefer: wait=2, polls every second).
  const provider = new ReplicateProvider({ token: api.token, baseUrl: api.baseUrl, cacheDir });
  const images = new ImagePreparer(cache.blobs);
  return {
    dir,
    cache,
    history,
    provider,
    images,
    async close() {
      await history.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function compileFor(state: WeftState, workflow: Workflow, baseDir?: string): Promise<Plan> {
  const plan = await compileWorkflow(workflow, { catalog, images: state.images, baseDir, randomSeed: () => 4242 });
  if (hasErrors(plan.diagnostics)) throw new Error(`bench workflow does not compile: ${plan.diagnostics.map((d) => `${d.node ?? ''} ${d.message}`).join('; ')}`);
  return plan;
}

/** Compile and run, timed together: what a user waits for after pressing Run. */
export async function weftRun(state: WeftState, workflow: Workflow, options: Partial<RunPlanOptions> = {}): Promise<{ ms: number; plan: Plan; result: RunResult }> {
  const start = performance.now();
  const plan = await compileFor(state, workflow);
  const result = await runPlan(plan, { provider: state.provider, cache: state.cache, history: state.history, workflowName: 'bench', ...options });
  const ms = performance.now() - start;
  if (result.status !== 'succeeded') {
    const bad = result.calls.find((c) => c.status === 'failed');
    throw new Error(`bench run ${result.status}: ${bad ? `${bad.node}: ${bad.error}` : ''}`);
  }
  return { ms, plan, result };
}
