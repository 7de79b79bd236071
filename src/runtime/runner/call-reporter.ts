// How a call's progress and outcome reach the world: every step is one RunEvent and, where it matters
// later, a change to the run's history entry. The scheduler decides what happened; this says it, the
// same way every time, and hands back the call's result.
import type { PlannedCall } from '../../engine';
import type { JsonValue } from '../cache/call-record';
import type { ImageMediaType } from '../cache/media-type';
import { isFinalStatus, type PredictionUpdate } from '../providers/provider';
import { lastLogLine, parseProgress, type LogProgress } from './progress';
import type { OutputRef, RunEvent } from './events';
import type { RunRecorder } from './run-recorder';

export type CallOutcome = 'cached' | 'succeeded' | 'failed' | 'canceled';

export interface CallResult {
  node: string;
  status: CallOutcome;
  key: string | null;
  outputs: OutputRef[];
  predictionId?: string;
  /** The prediction was made by an earlier run that died, and this call adopted it instead of paying again. */
  resumed?: true;
  error?: string;
  /** The failed call this one could not run without. */
  blockedBy?: string;
  predictTime?: number;
  cost?: number;
}

export interface Billing {
  predictTime?: number;
  cost?: number;
}

export interface FailureDetails extends Billing {
  predictionId?: string;
  blockedBy?: string;
  /** Images the call did produce and store although it failed (its cache record could not be written). */
  keptOutputs?: OutputRef[];
}

export class CallReporter {
  /** Nodes whose current prediction was adopted from an earlier run. */
  private readonly resumed = new Set<string>();

  constructor(
    private readonly recorder: RunRecorder,
    private readonly emitEvent: (event: RunEvent) => void,
    private readonly runId: () => string,
  ) {}

  queued(call: PlannedCall): void {
    this.emit({ type: 'call-queued', runId: this.runId(), node: call.node });
  }

  /** The key and the input as the cache knows it (images by sha256), once upstream outputs are known. */
  keyKnown(call: PlannedCall, key: string, input: Record<string, JsonValue>): void {
    this.recorder.update(call.node, { key, input });
  }

  uploading(call: PlannedCall, images: number): void {
    this.emit({ type: 'call-uploading', runId: this.runId(), node: call.node, images });
  }

  creating(call: PlannedCall): void {
    this.recorder.update(call.node, { status: 'running', startedAt: this.recorder.iso() });
  }

  /** `resumed`: the prediction was made by an earlier run (one that died) and this call adopted it. */
  starting(call: PlannedCall, key: string, predictionId: string, resumed = false): void {
    // An adopted prediction that turned out useless is followed by a new one: history must not keep
    // saying "resumed" then.
    const wasResumed = this.resumed.has(call.node);
    if (resumed) this.resumed.add(call.node);
    else this.resumed.delete(call.node);
    this.recorder.update(call.node, { predictionId, ...(resumed ? { resumed: true } : wasResumed ? { resumed: undefined } : {}) });
    this.emit({ type: 'call-starting', runId: this.runId(), node: call.node, key, predictionId, ...(resumed ? { resumed: true as const } : {}) });
  }

  /**
   * The onUpdate of a prediction: its id once (`seen.id`, and whether it was adopted), then its progress
   * whenever the logs say something new.
   */
  updates(call: PlannedCall, key: string, seen: { id?: string }, resumed: boolean): (update: PredictionUpdate) => void {
    let lastProgress = '';
    let started = false;
    return (update) => {
      if (!started) {
        // An adopted prediction that already failed is not this call's: it is dropped without a word.
        if (resumed && isFinalStatus(update.status) && update.status !== 'succeeded') return;
        started = true;
        seen.id = update.id;
        this.starting(call, key, update.id, resumed);
      }
      const progress = parseProgress(update.logs);
      const log = lastLogLine(update.logs);
      const shown = JSON.stringify([progress, log]);
      if ((progress || log) && shown !== lastProgress) {
        lastProgress = shown;
        this.progress(call, progress, log);
      }
    };
  }

  progress(call: PlannedCall, progress: LogProgress | undefined, log: string | undefined): void {
    this.emit({
      type: 'call-progress',
      runId: this.runId(),
      node: call.node,
      percent: progress?.percent ?? null,
      ...(progress?.step === undefined ? {} : { step: progress.step }),
      ...(progress?.total === undefined ? {} : { total: progress.total }),
      ...(log ? { log } : {}),
    });
  }

  cached(call: PlannedCall, key: string, outputs: readonly OutputRef[], predictionId?: string): CallResult {
    const refs = outputs.map(outputRef);
    this.recorder.update(call.node, { status: 'succeeded', cached: true, finishedAt: this.recorder.iso(), outputs: refs.map(historyOutput), ...(predictionId ? { predictionId } : {}) });
    this.emit({ type: 'call-cached', runId: this.runId(), node: call.node, key, outputs: refs });
    return { node: call.node, status: 'cached', key, outputs: refs, ...(predictionId ? { predictionId } : {}) };
  }

  succeeded(call: PlannedCall, key: string, predictionId: string, outputs: OutputRef[], billing: Billing): CallResult {
    this.recorder.update(call.node, { status: 'succeeded', finishedAt: this.recorder.iso(), outputs: outputs.map(historyOutput), ...historyBilling(billing) });
    this.emit({ type: 'call-succeeded', runId: this.runId(), node: call.node, key, predictionId, outputs, ...billing });
    return { node: call.node, status: 'succeeded', key, outputs, predictionId, ...billing };
  }

  /** With `blockedBy`, the call never ran because that one failed (history calls it skipped). */
  failed(call: PlannedCall, key: string | null, error: string, { keptOutputs, ...details }: FailureDetails = {}): CallResult {
    this.recorder.update(call.node, {
      status: details.blockedBy ? 'skipped' : 'failed',
      error,
      finishedAt: this.recorder.iso(),
      ...(details.predictionId ? { predictionId: details.predictionId } : {}),
      // History (and so the gallery) still leads to images that were paid for and are on disk.
      ...(keptOutputs?.length ? { outputs: keptOutputs.map(historyOutput) } : {}),
      ...historyBilling(details),
    });
    this.emit({
      type: 'call-failed',
      runId: this.runId(),
      node: call.node,
      error,
      ...(details.predictionId ? { predictionId: details.predictionId } : {}),
      ...(details.blockedBy ? { blockedBy: details.blockedBy } : {}),
    });
    return { node: call.node, status: 'failed', key, outputs: [], error, ...details };
  }

  canceled(call: PlannedCall, key: string | null, predictionId?: string, billing: Billing = {}): CallResult {
    this.recorder.update(call.node, { status: 'canceled', finishedAt: this.recorder.iso(), ...(predictionId ? { predictionId } : {}), ...historyBilling(billing) });
    this.emit({ type: 'call-canceled', runId: this.runId(), node: call.node });
    return { node: call.node, status: 'canceled', key, outputs: [], ...(predictionId ? { predictionId } : {}), ...billing };
  }

  private emit(event: RunEvent): void {
    this.emitEvent(event);
  }
}

function outputRef(o: OutputRef): OutputRef {
  return { sha256: o.sha256, mediaType: o.mediaType, size: o.size, ...(o.width ? { width: o.width } : {}), ...(o.height ? { height: o.height } : {}) };
}

/** Outputs come from the blob store, which stores nothing but these image types. */
function historyOutput(output: OutputRef) {
  return { sha256: output.sha256, mediaType: output.mediaType as ImageMediaType, ...(output.width ? { width: output.width } : {}), ...(output.height ? { height: output.height } : {}) };
}

function historyBilling(billing: Billing) {
  return {
    ...(billing.predictTime === undefined ? {} : { predictTime: billing.predictTime }),
    ...(billing.cost === undefined ? {} : { estimatedCost: billing.cost }),
  };
}
