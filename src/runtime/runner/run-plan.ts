// Running a Plan. Every call settles exactly once, as cached, succeeded, failed or canceled:
//   - cache hits are answered at once, with no request; a call's key is computed the moment its
//     upstream outputs are known, so a call below a hit can be a hit too;
//   - the rest start as soon as the calls they need have succeeded, up to `concurrency` at a time and
//     at most `createsPerMinute` creates a minute; when calls wait for a slot, the one with the longest
//     chain of calls still to come after it goes first (the critical path sets how long a run takes);
//   - a success is written to the cache (blobs, then record) before it is reported; a failure is never
//     cached, and fails only the calls that need it (call-failed with blockedBy), while independent
//     branches go on; a refused token or an unreachable API stops new calls from starting at all;
//   - cancel(node) cancels one call (and so its dependents), cancel() or the signal the whole run.
// Everything is reported as RunEvents and recorded in history (see call-reporter.ts).
import { H100_USD_PER_SECOND, callKey, imageRefsOf, resolveImages, type OutputResolver, type Plan, type PlannedCall } from '../../engine';
import type { Cache } from '../cache/cache';
import type { JsonValue } from '../cache/call-record';
import type { History } from '../history/history';
import { ProviderError, isAbortError } from '../providers/errors';
import { sleep as realSleep } from '../providers/http/backoff';
import type { FinishedPrediction, Provider } from '../providers/provider';
import { CallReporter, type Billing, type CallResult } from './call-reporter';
import type { OutputRef, RunEvent, RunEventListener, RunTotals } from './events';
import { sendableInput } from './input-images';
import { Semaphore, SlidingWindowLimiter } from './limits';
import { lastLogLine, parseProgress } from './progress';
import { RunRecorder } from './run-recorder';
import { runStatusOf, totalsOf, type FinalRunStatus } from './run-totals';
import { selectCalls } from './select-calls';
import { storeOutputs } from './store-outputs';

export type { CallOutcome, CallResult } from './call-reporter';

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_CREATES_PER_MINUTE = 600;
/** A delivery URL is passed downstream only while it has this much of its hour left. */
const FRESH_URL_MARGIN_MS = 10 * 60_000;

export interface RunPlanOptions {
  provider: Provider;
  /** Hits are read from it and successes written to it; its blob store holds every image. */
  cache: Cache;
  history?: History;
  concurrency?: number;
  createsPerMinute?: number;
  /** "Run to here": only the calls this node needs. */
  only?: string;
  /** Run every call even when cached (results still refresh the cache). */
  noCache?: boolean;
  /** Aborting cancels the whole run. */
  signal?: AbortSignal;
  onEvent?: RunEventListener;
  /** Node -> `owner/name` of a Replicate deployment to run that sampler's call on. */
  deployments?: Readonly<Record<string, string>>;
  workflowName?: string;
  workflowPath?: string;
  /** Price of a second of predict time (default: an H100's). */
  usdPerSecond?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Problems writing history (the run goes on without it). */
  onHistoryError?: (error: unknown) => void;
}

export interface RunResult {
  runId: string;
  status: FinalRunStatus;
  totals: RunTotals;
  /** In plan order. */
  calls: CallResult[];
}

export interface RunHandle {
  readonly result: Promise<RunResult>;
  /** Cancels one call (its dependents cannot run then), or the whole run. */
  cancel(node?: string): void;
}

/** Starts a run; throws NothingToRunError at once when `only` names a node that needs no call. */
export function startRun(plan: Plan, options: RunPlanOptions): RunHandle {
  const run = new PlanRun(plan, options);
  return { result: run.execute(), cancel: (node) => run.cancel(node) };
}

export function runPlan(plan: Plan, options: RunPlanOptions): Promise<RunResult> {
  return startRun(plan, options).result;
}

class PlanRun {
  private readonly calls: PlannedCall[];
  private readonly now: () => number;
  private readonly recorder: RunRecorder;
  private readonly report: CallReporter;
  private readonly slots: Semaphore;
  /** Per node: how many calls its longest chain of dependents holds, itself included. */
  private readonly chainLength: Map<string, number>;
  private readonly dependents: Map<string, string[]>;
  private readonly byNode: Map<string, PlannedCall>;
  /** Calls whose upstream just succeeded and that may soon ask for a slot: withdraws their announcement. */
  private readonly announcements = new Map<string, () => void>();
  private readonly creates: SlidingWindowLimiter;
  private readonly results = new Map<string, CallResult>();
  private readonly settled = new Map<string, Promise<CallResult>>();
  private readonly controllers = new Map<string, AbortController>();
  /** Predictions in flight by key: a second call with the same key waits for the first. */
  private readonly running = new Map<string, Promise<CallResult>>();
  /** Output URLs this run downloaded, by sha256, usable as inputs until `until`. */
  private readonly freshUrls = new Map<string, { url: string; until: number }>();
  /** Set by an error every call would meet (refused token, unreachable API): nothing new starts. */
  private fatal: { node: string; message: string } | undefined;
  private wholeRunCanceled = false;
  private runId = '';

  constructor(
    plan: Plan,
    private readonly options: RunPlanOptions,
  ) {
    this.calls = selectCalls(plan, options.only);
    this.now = options.now ?? Date.now;
    this.slots = new Semaphore(options.concurrency ?? DEFAULT_CONCURRENCY);
    this.dependents = dependentsOf(this.calls);
    this.byNode = new Map(this.calls.map((call) => [call.node, call]));
    this.chainLength = chainLengths(this.calls, this.dependents);
    this.creates = new SlidingWindowLimiter(options.createsPerMinute ?? DEFAULT_CREATES_PER_MINUTE, { now: this.now, sleep: options.sleep ?? realSleep });
    this.recorder = new RunRecorder({
      now: this.now,
      ...(options.history ? { history: options.history } : {}),
      ...(options.workflowName === undefined ? {} : { workflowName: options.workflowName }),
      ...(options.workflowPath === undefined ? {} : { workflowPath: options.workflowPath }),
      ...(options.onHistoryError ? { onError: options.onHistoryError } : {}),
    });
    this.report = new CallReporter(this.recorder, (event) => this.emit(event), () => this.runId);
    for (const call of this.calls) this.controllers.set(call.node, new AbortController());
  }

  async execute(): Promise<RunResult> {
    const startedAt = this.now();
    this.runId = await this.recorder.start(this.calls);
    const onAbort = () => this.cancel();
    this.options.signal?.addEventListener('abort', onAbort, { once: true });
    if (this.options.signal?.aborted) this.cancel();
    this.emit({ type: 'run-started', runId: this.runId, at: new Date(startedAt).toISOString(), calls: this.calls.map((c) => ({ node: c.node, key: c.key })) });

    for (const call of this.calls) this.settled.set(call.node, this.settle(call));
    await Promise.all(this.settled.values());
    this.options.signal?.removeEventListener('abort', onAbort);

    const calls = this.calls.map((call) => this.results.get(call.node)!);
    const status = runStatusOf(calls, this.wholeRunCanceled);
    const totals = totalsOf(calls, this.now() - startedAt);
    await this.recorder.finish(status);
    this.emit({ type: 'run-finished', runId: this.runId, at: this.recorder.iso(), status, totals });
    return { runId: this.runId, status, totals, calls };
  }

  cancel(node?: string): void {
    if (node === undefined) {
      this.wholeRunCanceled = true;
      for (const controller of this.controllers.values()) controller.abort();
    } else {
      this.controllers.get(node)?.abort();
    }
  }

  private async settle(call: PlannedCall): Promise<CallResult> {
    let result: CallResult;
    try {
      result = await this.runCall(call);
    } catch (error) {
      // A bug, not a provider or storage problem: fail this call, keep the run (and its events) whole.
      result = this.report.failed(call, null, `internal error: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.withdraw(call.node);
    }
    this.results.set(call.node, result);
    return result;
  }

  /** Waits for the calls this one needs, then answers it from the cache or runs it. */
  private async runCall(call: PlannedCall): Promise<CallResult> {
    const signal = this.controllers.get(call.node)!.signal;
    const upstream = await untilAborted(Promise.all(call.after.map((node) => this.settled.get(node) ?? Promise.resolve(undefined))), signal);
    if (upstream === 'aborted') return this.report.canceled(call, null);
    const missing = call.after.find((_, i) => upstream[i] === undefined);
    if (missing) return this.report.failed(call, null, `needs node ${missing}, which has no call in this run`);
    const failedUpstream = upstream.find((r) => r!.status === 'failed');
    if (failedUpstream) {
      const root = failedUpstream.blockedBy ?? failedUpstream.node;
      return this.report.failed(call, null, `not run: node ${root} failed`, { blockedBy: root });
    }
    if (upstream.some((r) => r!.status === 'canceled') || signal.aborted) return this.report.canceled(call, null);

    const key = call.key ?? callKey(call, this.resolveOutput);
    if (key === null) return this.report.failed(call, null, missingImageMessage(call, this.resolveOutput));
    const keyedInput = resolveImages(call.input, this.resolveOutput) as Record<string, JsonValue>;
    this.report.keyKnown(call, key, keyedInput);

    if (!this.options.noCache) {
      const hit = await this.options.cache.get(key).catch(() => null);
      if (hit) return this.report.cached(call, key, hit.outputs, hit.prediction.id);
    }
    const twin = this.running.get(key);
    if (twin) {
      this.withdraw(call.node); // the twin may itself be waiting for a slot
      const result = await twin;
      if (result.status === 'succeeded' || result.status === 'cached') return this.report.cached(call, key, result.outputs, result.predictionId);
    }
    const prediction = this.predict(call, key, keyedInput, signal);
    this.running.set(key, prediction);
    return prediction;
  }

  /** Takes a slot and a create, sends the images, and follows the prediction to its end. */
  private async predict(call: PlannedCall, key: string, keyedInput: Record<string, JsonValue>, signal: AbortSignal): Promise<CallResult> {
    const { provider, cache } = this.options;
    this.report.queued(call);
    let release: () => void;
    try {
      const slot = this.slots.acquire(signal, this.chainLength.get(call.node) ?? 1);
      this.withdraw(call.node); // now in the queue itself
      release = await slot;
    } catch {
      return this.report.canceled(call, key);
    }
    let predictionId: string | undefined;
    let succeeded = false;
    try {
      if (this.fatal) return this.report.failed(call, key, `not run: ${this.fatal.message}`, { blockedBy: this.fatal.node });
      const input = await sendableInput(call.input, {
        provider,
        blobs: cache.blobs,
        resolveOutput: this.resolveOutput,
        freshUrl: (sha) => this.freshUrl(sha),
        signal,
        onUploading: (images) => this.report.uploading(call, images),
      });
      await this.creates.take(signal);
      this.report.creating(call);
      let lastProgress = '';
      const deployment = call.deployment ?? this.options.deployments?.[call.node];
      const finished = await provider.createPrediction(
        { node: call.node, model: call.model, version: call.version, input, ...(deployment ? { deployment } : {}) },
        {
          signal,
          onUpdate: (update) => {
            if (predictionId === undefined) {
              predictionId = update.id;
              this.report.starting(call, key, predictionId);
            }
            const progress = parseProgress(update.logs);
            const log = lastLogLine(update.logs);
            const seen = JSON.stringify([progress, log]);
            if ((progress || log) && seen !== lastProgress) {
              lastProgress = seen;
              this.report.progress(call, progress, log);
            }
          },
        },
      );
      predictionId = finished.id;
      const result = await this.finish(call, key, keyedInput, finished, signal);
      succeeded = result.status === 'succeeded';
      return result;
    } catch (error) {
      if (signal.aborted && (isAbortError(error) || !(error instanceof ProviderError))) return this.report.canceled(call, key, predictionId);
      const message = messageOf(error);
      if (error instanceof ProviderError && error.fatal && !this.fatal) this.fatal = { node: call.node, message };
      return this.report.failed(call, key, message, predictionId ? { predictionId } : {});
    } finally {
      // Dependents this success makes ready are a few steps (their key, a cache lookup) away from asking
      // for a slot: keep the freed slot for them if they outrank the calls already waiting.
      if (succeeded) this.announceReady(call.node);
      release();
    }
  }

  private announceReady(node: string): void {
    for (const next of this.dependents.get(node) ?? []) {
      const call = this.byNode.get(next);
      if (!call || this.announcements.has(next) || this.results.has(next)) continue;
      const ready = call.after.every((up) => up === node || ['succeeded', 'cached'].includes(this.results.get(up)?.status ?? ''));
      if (ready) this.announcements.set(next, this.slots.announce(this.chainLength.get(next) ?? 1));
    }
  }

  private withdraw(node: string): void {
    const withdraw = this.announcements.get(node);
    if (!withdraw) return;
    this.announcements.delete(node);
    withdraw();
  }

  /** Downloads and caches a success; anything else becomes a failed or canceled call. */
  private async finish(call: PlannedCall, key: string, keyedInput: Record<string, JsonValue>, prediction: FinishedPrediction, signal: AbortSignal): Promise<CallResult> {
    const { provider, cache } = this.options;
    const predictionId = prediction.id;
    const billing = this.billing(prediction);
    switch (prediction.status) {
      case 'failed':
        return this.report.failed(call, key, `the model failed: ${prediction.error ?? 'no reason given'}`, { predictionId, ...billing });
      case 'aborted':
        return this.report.failed(call, key, 'Replicate aborted the prediction before it started', { predictionId });
      case 'canceled':
        if (signal.aborted) return this.report.canceled(call, key, predictionId, billing);
        return this.report.failed(call, key, 'the prediction was canceled outside Weft', { predictionId, ...billing });
      case 'succeeded':
        // A deployment serves whatever version its owner set: a result of another version is not this
        // call's, and caching it under this call's key would be a lie.
        if (call.deployment && prediction.version && prediction.version !== call.version) {
          return this.report.failed(call, key, `deployment ${call.deployment} runs version ${prediction.version.slice(0, 12)}…, not ${call.version.slice(0, 12)}… that this sampler uses: update the deployment or set fine_tune to that version`, { predictionId, ...billing });
        }
        break;
    }
    if (prediction.unusableOutput) {
      return this.report.failed(call, key, `the model returned ${prediction.unusableOutput}, not image files: Weft cannot use that output yet`, { predictionId, ...billing });
    }
    if (prediction.output.length === 0) return this.report.failed(call, key, 'the prediction succeeded but returned no images', { predictionId, ...billing });
    const downloadedAt = this.now();
    let outputs: OutputRef[];
    try {
      outputs = await storeOutputs(provider, cache.blobs, prediction.output, `node ${call.node}`, signal);
    } catch (error) {
      if (signal.aborted) return this.report.canceled(call, key, predictionId, billing);
      return this.report.failed(call, key, `the prediction succeeded but its images could not be kept: ${messageOf(error)}`, { predictionId, ...billing });
    }
    if (provider.outputUrlLifetimeMs !== undefined) {
      const until = downloadedAt + provider.outputUrlLifetimeMs - FRESH_URL_MARGIN_MS;
      outputs.forEach((output, i) => this.freshUrls.set(output.sha256, { url: prediction.output[i]!, until }));
    }
    try {
      await cache.put({
        key,
        model: call.model,
        version_id: prediction.version ?? call.version,
        input: keyedInput,
        seed: call.seed,
        prediction: {
          id: predictionId,
          provider: provider.kind,
          ...(billing.predictTime === undefined ? {} : { predictTime: billing.predictTime }),
          ...(prediction.metrics.totalTime === undefined ? {} : { totalTime: prediction.metrics.totalTime }),
          ...isoField('createdAt', prediction.createdAt),
          ...isoField('completedAt', prediction.completedAt),
        },
        outputs: outputs.map((o) => ({ sha256: o.sha256, ...(o.width ? { width: o.width } : {}), ...(o.height ? { height: o.height } : {}) })),
      });
    } catch (error) {
      return this.report.failed(call, key, `the prediction succeeded but could not be cached: ${messageOf(error)}`, { predictionId, ...billing, keptOutputs: outputs });
    }
    return this.report.succeeded(call, key, predictionId, outputs, billing);
  }

  private billing(prediction: FinishedPrediction): Billing {
    const predictTime = prediction.metrics.predictTime;
    if (predictTime === undefined) return {};
    // A local Cog container costs nothing per second.
    const rate = this.options.provider.kind === 'cog' ? 0 : (this.options.usdPerSecond ?? H100_USD_PER_SECOND);
    return { predictTime, cost: Math.round(predictTime * rate * 1e6) / 1e6 };
  }

  private readonly resolveOutput: OutputResolver = (node, index) => {
    const result = this.results.get(node);
    return result && (result.status === 'succeeded' || result.status === 'cached') ? result.outputs[index]?.sha256 : undefined;
  };

  private freshUrl(sha256: string): string | undefined {
    const fresh = this.freshUrls.get(sha256);
    return fresh && fresh.until > this.now() ? fresh.url : undefined;
  }

  private emit(event: RunEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A listener's bug must not stop the run.
    }
  }
}

function dependentsOf(calls: readonly PlannedCall[]): Map<string, string[]> {
  const dependents = new Map<string, string[]>();
  for (const call of calls) {
    for (const up of call.after) {
      const list = dependents.get(up);
      if (list) list.push(call.node);
      else dependents.set(up, [call.node]);
    }
  }
  return dependents;
}

/** For each call, the number of calls on the longest path from it through its dependents (itself included). */
function chainLengths(calls: readonly PlannedCall[], dependents: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const lengths = new Map<string, number>();
  // Plans list calls in dependency order, so walking them backwards sees every dependent first.
  for (let i = calls.length - 1; i >= 0; i--) {
    const node = calls[i]!.node;
    lengths.set(node, 1 + Math.max(0, ...(dependents.get(node) ?? []).map((d) => lengths.get(d) ?? 0)));
  }
  return lengths;
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | 'aborted'> {
  if (signal.aborted) return Promise.resolve('aborted');
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function missingImageMessage(call: PlannedCall, resolveOutput: OutputResolver): string {
  for (const ref of imageRefsOf(call.input)) {
    if ('pending' in ref) return 'an input image was never read: compile with the runtime first';
    if ('output' in ref && resolveOutput(ref.output.node, ref.output.index) === undefined) {
      return `node ${ref.output.node} returned no image ${ref.output.index + 1} (the safety checker may have dropped it)`;
    }
  }
  return 'an input image is missing';
}

/** Provider, storage and input-image errors all carry a message written for the user. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isoField(name: 'createdAt' | 'completedAt', value: string | undefined): Record<string, string> {
  if (!value) return {};
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? {} : { [name]: new Date(ms).toISOString() };
}
