// A run's totals and final status, derived from its calls' results (never counted along the way, so
// they cannot drift from what the calls say).
import type { CallResult } from './call-reporter';
import type { RunStatus, RunTotals } from './events';

export type FinalRunStatus = Exclude<RunStatus, 'running' | 'interrupted'>;

export function totalsOf(calls: readonly CallResult[], elapsedMs: number): RunTotals {
  const totals: RunTotals = { calls: calls.length, cached: 0, ran: 0, failed: 0, canceled: 0, predictTime: 0, cost: 0, elapsedMs };
  for (const call of calls) {
    if (call.status === 'cached') totals.cached++;
    else if (call.status === 'succeeded') totals.ran++;
    else if (call.status === 'failed') totals.failed++;
    else totals.canceled++;
    totals.predictTime += call.predictTime ?? 0;
    totals.cost += call.cost ?? 0;
  }
  totals.predictTime = Math.round(totals.predictTime * 1000) / 1000;
  totals.cost = Math.round(totals.cost * 1e6) / 1e6;
  return totals;
}

/** Canceled when the user canceled the run; otherwise failed if any call failed, canceled if any was. */
export function runStatusOf(calls: readonly CallResult[], wholeRunCanceled: boolean): FinalRunStatus {
  if (wholeRunCanceled) return 'canceled';
  if (calls.some((c) => c.status === 'failed')) return 'failed';
  if (calls.some((c) => c.status === 'canceled')) return 'canceled';
  return 'succeeded';
}
