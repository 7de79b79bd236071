import type { RunCall, RunTotals } from './schema';

/** Totals are always derived from the calls, never updated incrementally, so they cannot drift. */
export function computeTotals(calls: readonly RunCall[]): RunTotals {
  const totals: RunTotals = { calls: calls.length, cached: 0, ran: 0, failed: 0, predictTime: 0, estimatedCost: 0 };
  for (const call of calls) {
    if (call.cached) totals.cached++;
    else if (call.status === 'succeeded') totals.ran++;
    if (call.status === 'failed') totals.failed++;
    totals.predictTime += call.predictTime ?? 0;
    totals.estimatedCost += call.estimatedCost ?? 0;
  }
  return totals;
}
