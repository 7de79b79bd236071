// What a user checks after a run that met trouble, as one audit:
//   - the events: every call ends exactly once, the run once (event-audit.ts);
//   - no call paid twice: at most one prediction was created per call (by its exact input);
//   - nothing finished is lost: every succeeded or cached call's images are in the cache, whole, and in
//     history;
//   - every failure says why in a sentence, and history agrees with what the run reported;
//   - and, counted apart: predictions that succeeded on Replicate but whose images the run did not keep
//     (`paidNotKept`). Under a passing fault this must be 0; under a fault that lasts the whole run
//     (Replicate unreachable) it is the price of the outage, reported rather than hidden.
import { canonicalJson } from '../../../src/engine';
import type { RunResult } from '../../../src/runtime/runner/run-plan';
import type { Emulator } from '../../emulator/index';
import type { Bench, EmulatorLike } from './bench';
import { auditCache } from './cache-audit';
import { localSnapshot, type EmulatorSnapshot } from './emulator-snapshot';
import { auditEvents, isClearMessage } from './event-audit';

export interface RunAudit {
  problems: string[];
  /** Predictions created for a call beyond the first. */
  duplicates: number;
  /** Images a call was reported to have (succeeded or cached) that are not whole in the cache and in history. */
  lost: number;
  /** Predictions that succeeded on Replicate and were not kept (unless the user canceled, or Replicate deleted the outputs first). */
  paidNotKept: number;
}

export interface AuditOptions {
  /** Only predictions created by requests after this request-log sequence number belong to the run. */
  sinceSeq?: number;
  /** What the emulator saw; taken from the bench's own (in-process) emulator when not given. */
  snapshot?: EmulatorSnapshot;
}

export async function auditRun(bench: Bench<EmulatorLike>, result: RunResult, options: AuditOptions = {}): Promise<RunAudit> {
  const problems: string[] = [];
  problems.push(...auditEvents(bench.events, result.runId).problems);

  const snapshot = options.snapshot ?? (await localSnapshot(inProcess(bench.emulator)));
  const created = snapshot.entries
    // Any create that made a prediction, whether or not its answer reached Weft (a 5xx, a reset or a hang
    // after handling still leaves a prediction running, and billed).
    .filter((e) => e.predictionId !== undefined && e.route.endsWith('predictions.create') && e.seq > (options.sinceSeq ?? 0));
  const perInput = new Map<string, number>();
  for (const entry of created) perInput.set(canonicalJson(entry.input), (perInput.get(canonicalJson(entry.input)) ?? 0) + 1);
  const duplicates = [...perInput.values()].reduce((sum, count) => sum + count - 1, 0);
  if (duplicates) problems.push(`${duplicates} prediction(s) created twice for the same call`);

  let lost = 0;
  const record = await bench.history.get(result.runId);
  if (!record) problems.push(`history has no run ${result.runId}`);
  else if (record.status !== result.status) problems.push(`history says the run ${record.status}, the run said ${result.status}`);
  problems.push(...auditCache(bench.cacheDir).problems);
  for (const call of result.calls) {
    const inHistory = record?.calls.find((c) => c.node === call.node);
    if (call.status === 'succeeded' || call.status === 'cached') {
      const hit = call.key ? await bench.cache.get(call.key) : null;
      const kept = hit !== null && call.outputs.every((o) => hit.outputs.some((h) => h.sha256 === o.sha256 && h.size === o.size));
      const recorded = inHistory?.status === 'succeeded' && call.outputs.every((o) => inHistory.outputs.some((h) => h.sha256 === o.sha256));
      if (!kept || !recorded) {
        lost += Math.max(1, call.outputs.length);
        problems.push(`node ${call.node} ${call.status}, but its images are missing from ${[kept ? '' : 'the cache', recorded ? '' : 'history'].filter(Boolean).join(' and ')}`);
      }
    } else if (call.status === 'failed') {
      if (!isClearMessage(call.error)) problems.push(`node ${call.node} failed without a clear reason: ${JSON.stringify(call.error)}`);
      if (!inHistory || !['failed', 'skipped'].includes(inHistory.status) || inHistory.error !== call.error) problems.push(`history does not say why node ${call.node} failed`);
    } else if (inHistory?.status !== 'canceled') problems.push(`history does not say node ${call.node} was canceled`);
  }

  // Kept: a call succeeded with it, or history still leads to its images (on disk) although the call failed.
  const kept = new Set(result.calls.filter((c) => c.status === 'succeeded' || c.status === 'cached').map((c) => c.predictionId));
  for (const call of record?.calls ?? []) {
    if (call.predictionId && call.outputs.length > 0 && (await Promise.all(call.outputs.map((o) => bench.cache.blobs.has(o.sha256)))).every(Boolean)) kept.add(call.predictionId);
  }
  // Not Weft's to keep: a call the user canceled, or outputs Replicate deleted before they could be fetched.
  const excused = new Set(
    result.calls.filter((c) => c.status === 'canceled' || (c.status === 'failed' && /is gone \(HTTP 4(04|10)\)/.test(c.error ?? ''))).map((c) => c.predictionId),
  );
  let paidNotKept = 0;
  for (const entry of created) {
    const id = entry.predictionId!;
    if (kept.has(id) || excused.has(id)) continue;
    if (snapshot.predictions.get(id)?.status === 'succeeded') paidNotKept++;
  }
  return { problems, duplicates, lost, paidNotKept };
}

function inProcess(emulator: EmulatorLike): Emulator {
  if (!('log' in emulator)) throw new Error('the emulator runs in another process: pass its snapshot to auditRun');
  return emulator as Emulator;
}

/** The request log's newest sequence number: pass it as `sinceSeq` to audit only what comes after. */
export function logMark(bench: Bench<Emulator>): number {
  return bench.emulator.log.entries().at(-1)?.seq ?? 0;
}
