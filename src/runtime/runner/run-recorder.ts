// The run's entry in history, kept in step with its events. History is optional (tests, a renderer
// preview) and must never break a run: a failed history write is reported through `onError` and the
// run goes on - the images are in the cache either way.
import type { PlannedCall } from '../../engine';
import type { History, RunCallPatch } from '../history/history';
import { newRunId } from '../history/run-id';
import type { RunCallStatus } from '../history/schema';
import type { FinalRunStatus } from '../history/history';

const FINISHED: ReadonlySet<RunCallStatus> = new Set<RunCallStatus>(['succeeded', 'failed', 'canceled', 'skipped']);

export interface RecorderOptions {
  history?: History;
  workflowName?: string;
  workflowPath?: string;
  now: () => number;
  onError?: (error: unknown) => void;
}

export class RunRecorder {
  private runId = '';
  /** Dropped when the run cannot even be entered in history (a full disk): the run goes on without it. */
  private history: History | undefined;

  constructor(private readonly options: RecorderOptions) {
    this.history = options.history;
  }

  /** Starts the run (in history when there is one) and returns its id. */
  async start(calls: readonly PlannedCall[]): Promise<string> {
    try {
      this.runId = this.history ? await this.startInHistory(this.history, calls) : newRunId(this.options.now());
    } catch (error) {
      this.options.onError?.(error);
      this.history = undefined;
      this.runId = newRunId(this.options.now());
    }
    return this.runId;
  }

  private async startInHistory(history: History, calls: readonly PlannedCall[]): Promise<string> {
    const record = await history.startRun({
      ...(this.options.workflowName === undefined ? {} : { workflowName: this.options.workflowName }),
      ...(this.options.workflowPath === undefined ? {} : { workflowPath: this.options.workflowPath }),
      calls: calls.map((call) => ({
        node: call.node,
        ...(call.key ? { key: call.key } : {}),
        model: call.model,
        version: call.version,
        input: call.input as NonNullable<RunCallPatch['input']>,
        seed: call.seed,
      })),
    });
    return record.id;
  }

  update(node: string, patch: RunCallPatch & { status?: RunCallStatus }): void {
    const { history } = this;
    if (!history) return;
    try {
      history.updateCall(this.runId, node, patch);
    } catch (error) {
      this.options.onError?.(error);
      return;
    }
    // History coalesces writes; a call that just finished is written at once, so a process killed
    // later still leaves history saying which calls were done.
    if (patch.status !== undefined && FINISHED.has(patch.status)) history.flush(this.runId).catch((error: unknown) => this.options.onError?.(error));
  }

  async finish(status: FinalRunStatus): Promise<void> {
    if (!this.history) return;
    try {
      await this.history.finishRun(this.runId, status);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  iso(): string {
    return new Date(this.options.now()).toISOString();
  }
}
