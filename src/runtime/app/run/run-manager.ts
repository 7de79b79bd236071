// Runs started from the editor: each runs in the background, its events pushed to the renderer as
// {channel: 'run', event}; run.start answers as soon as the run has an id. One run at a time per document
// (a second press of "run" while one is going is refused, not queued: the first one's results would be
// overwritten on the canvas anyway); different documents may run side by side.
import { dirname } from 'node:path';
import type { Plan, Workflow } from '../../../engine';
import type { Cache } from '../../cache/cache';
import type { RunEvent } from '../../runner/events';
import { startRun, type RunHandle, type RunResult } from '../../runner/run-plan';
import { runOutputs, writeOutputs } from '../../runner/write-outputs';
import { NothingToRunError } from '../../runner/select-calls';
import { RunProvenanceStore } from '../../provenance';
import { AppFailure } from '../app-failure';
import type { AppContext } from '../app-context';
import { renderEditorGrids } from './editor-grids';
import { providerForSettings } from './provider-for-settings';

interface ActiveRun {
  documentId: string;
  handle: RunHandle;
}

export interface RunLaunch {
  documentId: string;
  plan: Plan;
  only?: string | undefined;
  workflowName: string;
  workflowPath: string | undefined;
  /** The workflow as run, for the provenance written into saved images. */
  workflow: Workflow;
}

export class RunManager {
  private readonly active = new Map<string, ActiveRun>();
  /** Documents between run.start and their run's id: a double click must not start two runs. */
  private readonly starting = new Set<string>();

  /** The workflow each run started from, so an image saved later from the gallery carries it. */
  private readonly provenance: RunProvenanceStore;

  constructor(private readonly ctx: AppContext) {
    this.provenance = new RunProvenanceStore(ctx.options.dataDir);
  }

  async start(launch: RunLaunch): Promise<string> {
    const busy = this.starting.has(launch.documentId) || [...this.active.values()].some((run) => run.documentId === launch.documentId);
    if (busy) throw new AppFailure('this workflow is already running: wait for it to finish or cancel it first', 'conflict');
    this.starting.add(launch.documentId);
    try {
      return await this.launch(launch);
    } finally {
      this.starting.delete(launch.documentId);
    }
  }

  private async launch(launch: RunLaunch): Promise<string> {
    const settings = await this.ctx.settings.get();
    const token = await this.ctx.hooks.tokenStore.get();
    let announce: (runId: string) => void = () => {};
    const announced = new Promise<string>((resolve) => (announce = resolve));
    const cache = await this.ctx.resources.cache();
    let handle: RunHandle;
    try {
      handle = startRun(launch.plan, {
        provider: providerForSettings(settings, token, this.ctx.fetch),
        cache,
        history: await this.ctx.resources.runHistory(),
        concurrency: settings.concurrency,
        ...(launch.only === undefined ? {} : { only: launch.only }),
        workflowName: launch.workflowName,
        ...(launch.workflowPath === undefined ? {} : { workflowPath: launch.workflowPath }),
        onHistoryError: (error) => this.ctx.log(`cannot write run history: ${String(error)}`),
        onEvent: (event) => {
          if (event.type === 'run-started') announce(event.runId);
          this.forward(event);
        },
      });
    } catch (error) {
      if (error instanceof NothingToRunError) throw new AppFailure(error.message, 'bad-request');
      throw error;
    }
    // The id exists once history has recorded the start; a failure to record it fails run.start.
    const runId = await Promise.race([announced, handle.result.then((result) => result.runId)]);
    this.active.set(runId, { documentId: launch.documentId, handle });
    // Not awaited: a run must not wait for, or fail on, what only a later save from the gallery needs.
    const kept = { workflow: launch.workflow, calls: launch.plan.calls, weftVersion: this.ctx.options.appVersion };
    this.provenance.record(runId, kept).catch((error: unknown) => this.ctx.log(`run ${runId}: cannot keep its workflow for saved images: ${String(error)}`));
    // Forgotten as soon as it settles (before files are written), so the next run.start is not refused.
    const settled = handle.result.finally(() => this.active.delete(runId));
    settled
      .then(async (result) => {
        await this.showGrids(runId, launch.plan, result, cache);
        await this.writeOutputFiles(launch, result, cache);
      })
      .catch((error: unknown) => this.ctx.log(`run ${runId} stopped: ${error instanceof Error ? error.message : String(error)}`));
    return runId;
  }

  /** Cancels one call (and so what depends on it) or the whole run. */
  cancel(runId: string, node?: string): void {
    const run = this.active.get(runId);
    if (!run) throw new AppFailure('that run is not in progress (it may have just finished)', 'not-found');
    run.handle.cancel(node);
  }

  /** Cancels every run and waits for them to settle (when the host shuts down). */
  async cancelAll(): Promise<void> {
    const runs = [...this.active.values()];
    for (const run of runs) run.handle.cancel();
    await Promise.allSettled(runs.map((run) => run.handle.result));
  }

  /** Output nodes with a folder get their images there, as `weft run` does (never replacing a file). */
  private async writeOutputFiles(launch: RunLaunch, result: RunResult, cache: Cache): Promise<void> {
    const { outputs, predictionIds } = runOutputs(result.calls);
    const baseDir = launch.workflowPath ? dirname(launch.workflowPath) : undefined;
    const provenance = { workflow: launch.workflow, weftVersion: this.ctx.options.appVersion, predictionIds };
    const { problems } = await writeOutputs(launch.plan, outputs, cache.blobs, { provenance, ...(baseDir === undefined ? {} : { baseDir }) });
    for (const problem of problems) this.ctx.log(problem);
  }

  /** Grids drawn into the cache and announced as `grid` events, for the editor's grid nodes. */
  private async showGrids(runId: string, plan: Plan, result: RunResult, cache: Cache): Promise<void> {
    if (plan.grids.length === 0) return;
    try {
      for (const grid of await renderEditorGrids(plan, runOutputs(result.calls).outputs, cache.blobs)) {
        this.ctx.hooks.emit({ channel: 'grid', runId, node: grid.node, image: grid.image });
      }
    } catch (error) {
      this.ctx.log(`run ${runId}: cannot draw its grids: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private forward(event: RunEvent): void {
    try {
      this.ctx.hooks.emit({ channel: 'run', event });
    } catch (error) {
      this.ctx.log(`cannot deliver a run event: ${String(error)}`);
    }
  }
}
