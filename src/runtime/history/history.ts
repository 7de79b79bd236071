/**
 * Run history: one JSON file per run at `<dataDir>/history/<runId>.json`, written atomically.
 *
 *   <dataDir>/history/<runId>.json      the run (schema.ts)
 *   <dataDir>/history/running/<runId>   marker while a run is live; its mtime is the owner's heartbeat
 *
 * The owner keeps each live run in memory and writes it whole. Updates are coalesced: a run with 500
 * calls changing status many times writes at most once per `flushIntervalMs`, plus once at start and at
 * finish. A run whose owner died (SIGKILL, crash, power cut) is found through its marker when another
 * History opens the folder, and is rewritten as "interrupted" (see liveness.ts).
 *
 * Security: inputs are recorded exactly as given. Callers must pass the input sent to the model, which
 * never contains the API token (it travels in the Authorization header); nothing here filters secrets.
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../storage/atomic';
import { StorageError, isErrno, toStorageError } from '../storage/errors';
import { readJsonFile } from '../storage/read-json';
import { sweepStaleTempFiles } from '../storage/temp-files';
import { CoalescedFile } from './coalesced-file';
import { isProcessAlive, ownerSeemsAlive, type LivenessContext } from './liveness';
import { RunMarkers } from './markers';
import { isRunId, newRunId } from './run-id';
import {
  RUN_RECORD_FORMAT,
  RUN_RECORD_VERSION,
  RunCallSchema,
  RunRecordSchema,
  type RunCall,
  type RunRecord,
  type RunStatus,
  type RunSummary,
} from './schema';
import { computeTotals } from './totals';

export const DEFAULT_FLUSH_INTERVAL_MS = 1000;
export const DEFAULT_HEARTBEAT_MS = 30_000;
/** Several missed heartbeats, so a busy or briefly suspended owner is not declared dead. */
export const DEFAULT_STALE_AFTER_MS = 5 * 60_000;

/** A call as planned: status, cached and outputs default to pending, false and none. */
export type NewRunCall = Omit<RunCall, 'status' | 'cached' | 'outputs'> &
  Partial<Pick<RunCall, 'status' | 'cached' | 'outputs'>>;

export interface StartRunInit {
  workflowName?: string;
  workflowPath?: string;
  /** The plan's calls, recorded up front so an interrupted run still shows what it meant to do. */
  calls?: NewRunCall[];
}

/** Changes to a call; for a node not in the run yet, model, version and input are required. */
export type RunCallPatch = Partial<Omit<RunCall, 'node'>>;

export type FinalRunStatus = Exclude<RunStatus, 'running' | 'interrupted'>;

export interface HistoryOptions {
  now?: () => number;
  /** Identity written as the owner of new runs (tests impersonate dead processes with it). */
  pid?: number;
  hostname?: string;
  isProcessAlive?: (pid: number) => boolean;
  flushIntervalMs?: number;
  heartbeatMs?: number;
  staleAfterMs?: number;
  /** How run files are written (default writeFileAtomic); a seam to count or fail writes. */
  writeFile?: (path: string, text: string) => Promise<void>;
  /** Failures of background (coalesced) writes; finishRun and flush also report them. */
  onError?: (error: unknown) => void;
}

interface LiveRun {
  record: RunRecord;
  file: CoalescedFile;
}

export class History {
  readonly dir: string;
  private readonly markers: RunMarkers;
  private readonly now: () => number;
  private readonly pid: number;
  private readonly hostname: string;
  private readonly isProcessAlive: (pid: number) => boolean;
  private readonly flushIntervalMs: number;
  private readonly heartbeatMs: number;
  private readonly staleAfterMs: number;
  private readonly writeFile: (path: string, text: string) => Promise<void>;
  private readonly onError: (error: unknown) => void;
  private readonly live = new Map<string, LiveRun>();
  private heartbeat: NodeJS.Timeout | undefined;

  private constructor(dataDir: string, options: HistoryOptions) {
    this.dir = join(dataDir, 'history');
    this.now = options.now ?? Date.now;
    this.pid = options.pid ?? process.pid;
    this.hostname = options.hostname ?? os.hostname();
    this.markers = new RunMarkers(join(this.dir, 'running'), { pid: this.pid, hostname: this.hostname }, this.now);
    this.isProcessAlive = options.isProcessAlive ?? isProcessAlive;
    this.flushIntervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    this.writeFile = options.writeFile ?? ((path, text) => writeFileAtomic(path, text));
    this.onError = options.onError ?? (() => {});
  }

  /** Opens the history folder, sweeping temp files and marking runs of dead owners "interrupted". */
  static async open(dataDir: string, options: HistoryOptions = {}): Promise<History> {
    const history = new History(dataDir, options);
    try {
      await fsp.mkdir(history.markers.dir, { recursive: true });
    } catch (error) {
      throw toStorageError(error, history.dir, 'write');
    }
    await sweepStaleTempFiles(history.dir); // real clock: temp files' mtimes come from the OS
    await history.recoverOrphans();
    return history;
  }

  async startRun(init: StartRunInit = {}): Promise<RunRecord> {
    const now = this.now();
    const id = newRunId(now);
    const calls = (init.calls ?? []).map((call) => checkedCall({ status: 'pending', cached: false, outputs: [], ...call }));
    const record: RunRecord = {
      format: RUN_RECORD_FORMAT,
      version: RUN_RECORD_VERSION,
      id,
      ...(init.workflowName === undefined ? {} : { workflowName: init.workflowName }),
      ...(init.workflowPath === undefined ? {} : { workflowPath: init.workflowPath }),
      startedAt: iso(now),
      updatedAt: iso(now),
      status: 'running',
      owner: { pid: this.pid, hostname: this.hostname },
      calls,
      totals: computeTotals(calls),
    };
    // Marker first: a run file that says "running" without a marker would look orphaned to others.
    await this.markers.create(id);
    const run = this.track(record);
    run.file.changed();
    await run.file.flush();
    if (run.file.lastError) {
      this.untrack(id);
      await this.markers.remove(id);
      throw run.file.lastError;
    }
    return structuredClone(record);
  }

  /** Records a change to one call (matched by node). Cheap: the file is rewritten later, coalesced. */
  updateCall(runId: string, node: string, patch: RunCallPatch): void {
    const run = this.liveRun(runId);
    const calls = run.record.calls;
    const index = calls.findIndex((call) => call.node === node);
    if (index === -1) calls.push(checkedCall({ status: 'pending', cached: false, outputs: [], ...patch, node }));
    else calls[index] = checkedCall({ ...calls[index]!, ...patch, node });
    run.file.changed();
  }

  /**
   * Ends a run and writes it at once. Without `status`, the run failed if any call failed. Calls that
   * never finished are marked canceled (if the run was) or skipped.
   */
  async finishRun(runId: string, status?: FinalRunStatus): Promise<RunRecord> {
    const run = this.liveRun(runId);
    const record = run.record;
    const final = status ?? (record.calls.some((call) => call.status === 'failed') ? 'failed' : 'succeeded');
    for (const call of record.calls) {
      if (call.status === 'pending' || call.status === 'running') call.status = final === 'canceled' ? 'canceled' : 'skipped';
    }
    record.status = final;
    record.finishedAt = iso(this.now());
    run.file.changed();
    await run.file.flush();
    // Still live on failure: the caller may retry finishRun once the disk has room again.
    if (run.file.lastError) throw run.file.lastError;
    this.untrack(runId);
    await this.markers.remove(runId);
    return structuredClone(record);
  }

  /** Writes pending changes now (one run, or all live runs). */
  async flush(runId?: string): Promise<void> {
    const runs = runId === undefined ? [...this.live.values()] : [this.liveRun(runId)];
    for (const { file } of runs) {
      await file.flush();
      if (file.lastError) throw file.lastError;
    }
  }

  /** Newest runs first, without their calls. Damaged files are skipped. */
  async list(options: { limit?: number } = {}): Promise<RunSummary[]> {
    const limit = options.limit ?? 50;
    let names: string[];
    try {
      names = await fsp.readdir(this.dir);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw toStorageError(error, this.dir, 'read');
    }
    const ids = names
      .filter((name) => name.endsWith('.json') && isRunId(name.slice(0, -5)))
      .map((name) => name.slice(0, -5))
      .sort()
      .reverse();
    const summaries: RunSummary[] = [];
    for (const id of ids) {
      if (summaries.length >= limit) break;
      const record = await this.load(id);
      if (!record) continue;
      const { calls: _calls, ...summary } = record;
      summaries.push(summary);
    }
    return summaries;
  }

  /** One run, or null if there is none with this id. Throws StorageError('corrupt') for a damaged file. */
  async get(id: string): Promise<RunRecord | null> {
    if (!isRunId(id)) return null;
    const live = this.live.get(id);
    if (live) return structuredClone(live.record);
    const found = await readJsonFile(this.pathOf(id), RunRecordSchema);
    if (!found.ok) {
      if (found.error.kind === 'missing') return null;
      throw new StorageError('corrupt', `run history file is damaged: ${found.error.message}`, found.error.path);
    }
    return this.withLiveStatus(found.value);
  }

  /** Flushes everything and stops timers. Live runs stay "running" on disk until judged orphaned. */
  async close(): Promise<void> {
    for (const [id, { file }] of this.live) {
      await file.flush();
      this.untrack(id);
    }
  }

  private async load(id: string): Promise<RunRecord | null> {
    const live = this.live.get(id);
    if (live) return structuredClone(live.record);
    const found = await readJsonFile(this.pathOf(id), RunRecordSchema);
    return found.ok ? this.withLiveStatus(found.value) : null;
  }

  /** A run some other process left "running" is reported interrupted once its owner looks dead. */
  private async withLiveStatus(record: RunRecord): Promise<RunRecord> {
    if (record.status !== 'running' || this.live.has(record.id)) return record;
    const heartbeat = await this.markers.heartbeatOf(record.id);
    return ownerSeemsAlive(record.owner, heartbeat, this.liveness()) ? record : interrupted(record, heartbeat);
  }

  /** Rewrites, as interrupted, the runs whose owners died; only markers are scanned, not all runs. */
  private async recoverOrphans(): Promise<void> {
    for (const id of await this.markers.list()) {
      const heartbeat = await this.markers.heartbeatOf(id);
      if (heartbeat === undefined) continue; // another process got here first
      const found = await readJsonFile(this.pathOf(id), RunRecordSchema);
      if (!found.ok) {
        // The owner may be between marker and first write; only an old marker is debris.
        if (this.now() - heartbeat > this.staleAfterMs) await this.markers.remove(id);
        continue;
      }
      const record = found.value;
      if (record.status === 'running') {
        if (ownerSeemsAlive(record.owner, heartbeat, this.liveness())) continue;
        await this.writeFile(this.pathOf(id), JSON.stringify(interrupted(record, heartbeat)));
      }
      await this.markers.remove(id);
    }
  }

  private liveRun(runId: string): LiveRun {
    const run = this.live.get(runId);
    if (!run) throw new StorageError('invalid-argument', `run ${runId} is not in progress in this process`);
    return run;
  }

  /** Keeps a run in memory, its file coalesced, its heartbeat beating. */
  private track(record: RunRecord): LiveRun {
    const render = () => {
      record.updatedAt = iso(this.now());
      record.totals = computeTotals(record.calls);
      return JSON.stringify(record);
    };
    const file = new CoalescedFile(this.pathOf(record.id), render, {
      write: this.writeFile,
      intervalMs: this.flushIntervalMs,
      onError: this.onError,
    });
    const run = { record, file };
    this.live.set(record.id, run);
    this.startHeartbeat();
    return run;
  }

  private untrack(id: string): void {
    this.live.get(id)?.file.cancelTimer();
    this.live.delete(id);
    if (this.live.size === 0) this.stopHeartbeat();
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      for (const id of this.live.keys()) void this.beat(id).catch(this.onError);
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  /** Refreshes a live run's marker; if another process judged us dead meanwhile, puts things right. */
  private async beat(id: string): Promise<void> {
    if (await this.markers.touch(id)) return;
    const run = this.live.get(id);
    if (!run) return;
    await this.markers.create(id);
    run.file.changed(); // our run file was probably rewritten as interrupted
    await run.file.flush();
  }

  private liveness(): LivenessContext {
    return {
      hostname: this.hostname,
      pid: this.pid,
      now: this.now(),
      staleAfterMs: this.staleAfterMs,
      isProcessAlive: this.isProcessAlive,
    };
  }

  private pathOf(id: string): string {
    return join(this.dir, `${id}.json`);
  }
}

/** The run as it stands when its owner died: unfinished calls are interrupted too. */
function interrupted(record: RunRecord, heartbeatMs: number | undefined): RunRecord {
  const calls = record.calls.map((call) =>
    call.status === 'pending' || call.status === 'running' ? { ...call, status: 'interrupted' as const } : call,
  );
  const lastSign = Math.max(heartbeatMs ?? 0, Date.parse(record.updatedAt));
  return { ...record, status: 'interrupted', finishedAt: iso(lastSign), calls, totals: computeTotals(calls) };
}

function checkedCall(call: unknown): RunCall {
  const parsed = RunCallSchema.safeParse(call);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  throw new StorageError('invalid-argument', `invalid run call: ${where}${issue.message}`);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
