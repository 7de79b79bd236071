// Before running: which calls the cache already answers, which will run and why, and which cannot be
// known yet. The UI shows this beside each node ("cached", "stale: input changed"...). It walks the
// calls in plan order (dependency order), so a call below a cached one gets its key from the cached
// outputs and can be cached itself. It only reads: nothing is touched, so looking does not count as use.
import { callKey, imageRefsOf, type OutputResolver, type Plan, type PlannedCall } from '../../engine';
import type { Cache } from '../cache/cache';
import type { OutputRef } from './events';
import { selectCalls } from './select-calls';

export type CallCacheStatus =
  | { node: string; state: 'cached'; key: string; outputs: OutputRef[] }
  /** Not in the cache: its seed was drawn at random for this run, or its input differs from every cached run. */
  | { node: string; state: 'will-run'; key: string; reason: 'random seed' | 'input changed' }
  /** Its key depends on images not known yet: an upstream call that will run, or an image not read. */
  | { node: string; state: 'pending'; key: null; reason: 'upstream will run' | 'image not read'; upstream?: string };

export async function planCacheStatus(plan: Plan, cache: Cache, options: { only?: string } = {}): Promise<CallCacheStatus[]> {
  const cachedOutputs = new Map<string, OutputRef[]>();
  const resolveOutput: OutputResolver = (node, index) => cachedOutputs.get(node)?.[index]?.sha256;
  const statuses: CallCacheStatus[] = [];
  for (const call of selectCalls(plan, options.only)) {
    const key = call.key ?? callKey(call, resolveOutput);
    if (key === null) {
      statuses.push(pending(call, resolveOutput));
      continue;
    }
    const outputs = await peek(cache, key);
    if (outputs) {
      cachedOutputs.set(call.node, outputs);
      statuses.push({ node: call.node, state: 'cached', key, outputs });
    } else {
      statuses.push({ node: call.node, state: 'will-run', key, reason: call.randomSeed ? 'random seed' : 'input changed' });
    }
  }
  return statuses;
}

function pending(call: PlannedCall, resolveOutput: OutputResolver): CallCacheStatus {
  const upstream = imageRefsOf(call.input).find((ref) => 'output' in ref && resolveOutput(ref.output.node, ref.output.index) === undefined);
  if (upstream && 'output' in upstream) return { node: call.node, state: 'pending', key: null, reason: 'upstream will run', upstream: upstream.output.node };
  return { node: call.node, state: 'pending', key: null, reason: 'image not read' };
}

/** Like Cache.get, but without refreshing last-use times or removing stale records. */
async function peek(cache: Cache, key: string): Promise<OutputRef[] | undefined> {
  const found = await cache.calls.read(key).catch(() => undefined);
  if (found?.kind !== 'found') return undefined;
  for (const output of found.record.outputs) {
    const stat = await cache.blobs.stat(output.sha256).catch(() => null);
    if (!stat || stat.size !== output.size) return undefined;
  }
  return found.record.outputs.map((o) => ({ ...o }));
}
