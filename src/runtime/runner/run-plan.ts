// Running a Plan. Every call settles exactly once, as cached, succeeded, failed or canceled:
//   - cache hits are answered at once, with no request; a call's key is computed the moment its
//     upstream outputs are known, so a call below a hit can be a hit too;
//   - the rest start as soon as the calls they need have succeeded, up to `concurrency` at a time and
//     at most `createsPerMinute` creates a minute; when calls wait for a slot, the one with the longest
//     chain of calls still to come after it goes first (the critical path sets how long a run takes);
//   - a success is written to the cache (blobs, then record) before it is reported; a failure is never
//     cached, and fails only the calls that need it (call-failed with blockedBy), while independent
//     branches go on; a refused token or an unreachable API stops new calls from starting at all;
//   - cancel(node) cancels one call (and so its dependents), cancel() or the signal the whole run;
//   - every prediction is journaled the moment it exists and forgotten once its fate is recorded; before
//     paying for a new one, a call adopts the prediction a run that died left for it (inflight/).
// Everything is reported as RunEvents and recorded in history (see call-reporter.ts).
import { H100_USD_PER_SECOND, callKey, imageRefsOf, resolveImages, type OutputResolver, type Plan, type PlannedCall } from '../../engine';
import type { Cache } from '../cache/cache';
import type { JsonValue } from '../cache/call-record';
import type { History } from '../history/history';
import { ProviderError, isAbortError } from '../providers/errors';
import { sleep as realSleep } from '../providers/http/backoff';
import type { FinishedPrediction, Provider, ProviderCall } from '../providers/provider';
import { CallReporter, type Billing, type CallResult } from './call-reporter';
import type { RunEvent, RunEventListener, RunTotals } from './events';
import { sendableInput } from './input-images';
import { Semaphore, SlidingWindowLimiter } from './limits';
import { RunRecorder } from './run-recorder';
import { runStatusOf, totalsOf, type FinalRunStatus } from './run-totals';
import { selectCalls } from './select-calls';
import { finishPrediction, type Finished } from './finish-prediction';
import type { HeldEntry } from './inflight/journal';
import { InflightJournal } from './inflight/journal';
import { InflightCalls } from './inflight/resume';

export type { CallOutcome, CallResult } from './call-reporter';

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_CREATES_PER_MINUTE = 600;
/** While another live run follows the prediction a call needs, how often to look for its result. */
const DEFAULT_JOURNAL_POLL_MS = 1000;

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
  /**
   * The in-flight journal (inflight/journal.ts); by default the one in the cache folder. `false`: none,
   * so a run that dies pays again for the predictions it had started.
   */
  journal?: InflightJournal | false;
  /** While another live run follows the prediction a call needs, how often to look for its result. */
  journalPollMs?: number;
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
  /** Undefined when the provider cannot resume predictions (Cog) or the journal is off. */
  private readonly inflight: InflightCalls | undefined;
  /** Journal writes still under way; the run waits for them before it reports itself finished. */
  private readonly journalWrites = new Set<Promise<unknown>>();

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
    this.inflight = this.inflightCalls();
  }

  private inflightCalls(): InflightCalls | undefined {
    const { provider, cache, journal } = this.options;
    const scope = provider.predictionScope;
    const lifetimeMs = provider.outputUrlLifetimeMs;
    if (journal === false || !scope || lifetimeMs === undefined || !provider.resumePrediction) return undefined;
    return new InflightCalls({
      journal: journal ?? new InflightJournal(cache.layout.root, { tmpDir: cache.layout.tmp, now: this.now }),
      scope,
      lifetimeMs,
      now: this.now,
      pollMs: this.options.journalPollMs ?? DEFAULT_JOURNAL_POLL_MS,
      sleep: this.options.sleep ?? realSleep,
    });
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
    await Promise.allSettled([...this.journalWrites]);
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

  /**
   * Takes a slot, then adopts an earlier prediction of this call that a dead run left behind, or takes a
   * create, sends the images and follows a new one to its end. Every prediction is journaled the moment
   * it exists and forgotten once its fate is recorded (inflight/resume.ts).
   */
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
    const seen: { id?: string } = {};
    let held: HeldEntry | undefined;
    let settled = false;
    let succeeded = false;
    const deployment = call.deployment ?? this.options.deployments?.[call.node];
    const identity = { key, model: call.model, version: call.version, ...(deployment ? { deployment } : {}) };
    try {
      if (this.fatal) return this.report.failed(call, key, `not run: ${this.fatal.message}`, { blockedBy: this.fatal.node });
      const earlier = this.inflight && !this.options.noCache ? await this.inflight.earlier(identity, () => cache.get(key), signal) : { kind: 'none' as const };
      if (earlier.kind === 'cached') {
        succeeded = true;
        return this.report.cached(call, key, earlier.hit.outputs, earlier.hit.prediction.id);
      }
      if (earlier.kind === 'adopt') {
        held = earlier.held;
        const adopted = await this.adopt(call, key, keyedInput, held.entry.predictionId, deployment, seen, signal);
        if (adopted) {
          settled = adopted.settled;
          succeeded = adopted.result.status === 'succeeded';
          return { ...adopted.result, resumed: true };
        }
        await this.inflight!.drop(held);
        held = undefined;
        delete seen.id;
      }
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
      const finished = await provider.createPrediction(providerCall(call, input, deployment), {
        signal,
        // Awaited (about a millisecond): from here on, a process that dies leaves the id for the next run.
        onCreated: async (id) => {
          held = await this.inflight?.record(identity, id);
        },
        onUpdate: this.report.updates(call, key, seen, false),
      });
      seen.id = finished.id;
      const outcome = await this.finish(call, key, keyedInput, finished, signal);
      settled = outcome.settled;
      succeeded = outcome.result.status === 'succeeded';
      return outcome.result;
    } catch (error) {
      // Whatever broke (an abort, Replicate not answering, a cancel it never confirmed), the prediction
      // may still be running or done: its journal entry stays (settled is false) for a later run.
      if (signal.aborted && (isAbortError(error) || !(error instanceof ProviderError))) return this.report.canceled(call, key, seen.id);
      const message = messageOf(error);
      if (error instanceof ProviderError && error.fatal && !this.fatal) this.fatal = { node: call.node, message };
      return this.report.failed(call, key, message, seen.id ? { predictionId: seen.id } : {});
    } finally {
      // Dependents this success makes ready are a few steps (their key, a cache lookup) away from asking
      // for a slot: keep the freed slot for them if they outrank the calls already waiting.
      if (succeeded) this.announceReady(call.node);
      release();
      // Forgetting the entry stays off the chain's critical path: dependents start while it is removed. A
      // process that dies before the removal leaves an entry for a call now cached, which no later run
      // looks at (a cache hit never predicts); the sweep takes it after the hour.
      if (held && this.inflight) this.inBackground(this.inflight.finish(held, settled));
    }
  }

  private inBackground(work: Promise<unknown>): void {
    const tracked = work.catch(() => {}).finally(() => this.journalWrites.delete(tracked));
    this.journalWrites.add(tracked);
  }

  /**
   * Follows a journaled prediction to its end, as if this call had created it. Undefined when it is of
   * no use - Replicate no longer knows it, it failed, was canceled elsewhere or aborted, or its outputs
   * are deleted - and the call must create a prediction after all.
   */
  private async adopt(call: PlannedCall, key: string, keyedInput: Record<string, JsonValue>, id: string, deployment: string | undefined, seen: { id?: string }, signal: AbortSignal): Promise<Finished | undefined> {
    const { provider } = this.options;
    this.report.creating(call);
    let prediction: FinishedPrediction;
    try {
      // The input is not sent again; the call only tells the provider what the prediction was made for.
      prediction = await provider.resumePrediction!(id, providerCall(call, keyedInput, deployment), { signal, onUpdate: this.report.updates(call, key, seen, true) });
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'not-found') return undefined;
      throw error;
    }
    seen.id = prediction.id;
    const canceledHere = prediction.status === 'canceled' && signal.aborted;
    if ((prediction.status !== 'succeeded' && !canceledHere) || prediction.dataRemoved) return undefined;
    return this.finish(call, key, keyedInput, prediction, signal);
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

  /** Downloads and caches a success; anything else becomes a failed or canceled call (finish-prediction.ts). */
  private finish(call: PlannedCall, key: string, keyedInput: Record<string, JsonValue>, prediction: FinishedPrediction, signal: AbortSignal): Promise<Finished> {
    const { provider, cache } = this.options;
    return finishPrediction({ provider, cache, report: this.report, now: this.now, freshUrls: this.freshUrls }, { call, key, keyedInput, prediction, billing: this.billing(prediction) }, signal);
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

/** What the provider is asked to run: the call with its images as URLs (or, to resume, as the cache knows them). */
function providerCall(call: PlannedCall, input: Record<string, unknown>, deployment: string | undefined): ProviderCall {
  return { node: call.node, model: call.model, version: call.version, input, ...(deployment ? { deployment } : {}) };
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
