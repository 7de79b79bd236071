// Run history as the editor shows it: the history's own records (src/runtime/history) mapped to the
// shapes of the app API, and the gallery, which is every output image of recent runs with where it came
// from (model, version, seed, exact input, prediction, time, cost).
import type { History } from '../../history/history';
import type { RunCall, RunRecord, RunSummary } from '../../history/schema';

type Totals = { calls?: number; cached?: number; ran?: number; failed?: number; canceled?: number; predictTime?: number; cost?: number; elapsedMs?: number };

export interface RunSummaryView {
  id: string;
  workflowName?: string;
  startedAt: string;
  finishedAt?: string;
  status: RunRecord['status'];
  totals: Totals;
}

export interface RunCallView {
  node: string;
  key?: string;
  model: string;
  version: string;
  input: Record<string, unknown>;
  seed?: number;
  status: string;
  predictionId?: string;
  cached: boolean;
  error?: string;
  startedAt?: string;
  finishedAt?: string;
  predictTime?: number;
  estimatedCost?: number;
  outputs: { sha256: string; mediaType: string; width?: number; height?: number }[];
}

export interface GalleryItemView {
  output: { sha256: string; mediaType: string; width?: number; height?: number };
  runId: string;
  node: string;
  index: number;
  model: string;
  version: string;
  seed?: number;
  input: Record<string, unknown>;
  predictionId?: string;
  finishedAt?: string;
  predictTime?: number;
  cost?: number;
  workflowName?: string;
}

/** A call made by model name (a deployment, an official model) has no pinned version. */
const UNPINNED_VERSION = 'latest';

export function summaryView(run: RunSummary): RunSummaryView {
  const elapsed = run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : undefined;
  const canceled = 'calls' in run ? (run as RunRecord).calls.filter((call) => call.status === 'canceled').length : undefined;
  return {
    id: run.id,
    ...(run.workflowName === undefined ? {} : { workflowName: run.workflowName }),
    startedAt: run.startedAt,
    ...(run.finishedAt === undefined ? {} : { finishedAt: run.finishedAt }),
    status: run.status,
    totals: {
      calls: run.totals.calls,
      cached: run.totals.cached,
      ran: run.totals.ran,
      failed: run.totals.failed,
      predictTime: run.totals.predictTime,
      cost: run.totals.estimatedCost,
      ...(canceled === undefined ? {} : { canceled }),
      ...(elapsed === undefined || Number.isNaN(elapsed) ? {} : { elapsedMs: elapsed }),
    },
  };
}

export function callView(call: RunCall): RunCallView {
  const { version, ...rest } = call;
  return { ...rest, version: version ?? UNPINNED_VERSION };
}

export function detailView(run: RunRecord): RunSummaryView & { calls: RunCallView[] } {
  return { ...summaryView(run), calls: run.calls.map(callView) };
}

/**
 * The newest `limit` distinct output images. A cached call shows the same image in every run that used
 * it; the gallery shows it once, from the newest run, which records the same provenance.
 */
export async function galleryItems(history: History, limit: number): Promise<GalleryItemView[]> {
  const items: GalleryItemView[] = [];
  const seen = new Set<string>();
  // Bounded: a run has at least one output, so `limit` runs are enough unless many are cache replays.
  for (const summary of await history.list({ limit: Math.min(limit * 4, 2000) })) {
    const run = await history.get(summary.id).catch(() => null);
    if (!run) continue;
    for (const call of run.calls) {
      call.outputs.forEach((output, index) => {
        if (seen.has(output.sha256) || items.length >= limit) return;
        seen.add(output.sha256);
        items.push({
          output,
          runId: run.id,
          node: call.node,
          index,
          model: call.model,
          version: call.version ?? UNPINNED_VERSION,
          ...(call.seed === undefined ? {} : { seed: call.seed }),
          input: call.input,
          ...(call.predictionId === undefined ? {} : { predictionId: call.predictionId }),
          ...(call.finishedAt === undefined ? {} : { finishedAt: call.finishedAt }),
          ...(call.predictTime === undefined ? {} : { predictTime: call.predictTime }),
          ...(call.estimatedCost === undefined ? {} : { cost: call.estimatedCost }),
          ...(run.workflowName === undefined ? {} : { workflowName: run.workflowName }),
        });
      });
    }
    if (items.length >= limit) break;
  }
  return items;
}
