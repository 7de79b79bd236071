// Before running: what each call will do and why (cached, will run, pending), in the editor's words,
// with what it should cost. The judgement itself is the runner's (planCacheStatus), so the editor and
// `weft run` never disagree about what a run will do.
import type { Plan } from '../../../engine';
import type { Cache } from '../../cache/cache';
import { planCacheStatus, type CallCacheStatus } from '../../runner/plan-status';

type OutputView = { sha256: string; mediaType: string; size: number; width?: number; height?: number };

export interface CallStateView {
  node: string;
  source: string;
  label?: string;
  state: 'cached' | 'will-run' | 'pending';
  reason?: string;
  key: string | null;
  estimatedSeconds: number;
  estimatedCost: number;
  outputs?: OutputView[];
}

export async function callStates(plan: Plan, cache: Cache): Promise<CallStateView[]> {
  const calls = new Map(plan.calls.map((call) => [call.node, call] as const));
  return (await planCacheStatus(plan, cache)).map((status) => {
    const call = calls.get(status.node);
    const base = {
      node: status.node,
      source: call?.source ?? status.node,
      ...(call?.variant ? { label: call.variant.label } : {}),
      key: status.key,
      estimatedSeconds: call?.estimate.seconds ?? 0,
      estimatedCost: call?.estimate.usd ?? 0,
    };
    if (status.state === 'cached') return { ...base, state: 'cached', outputs: status.outputs };
    return { ...base, state: status.state, reason: reasonOf(status) };
  });
}

function reasonOf(status: Exclude<CallCacheStatus, { state: 'cached' }>): string {
  switch (status.reason) {
    case 'random seed':
      return 'random seed: every run draws a new one';
    case 'input changed':
      return 'not in the cache: new or changed input';
    case 'upstream will run':
      return status.upstream ? `waits for node ${status.upstream}` : 'waits for an upstream node';
    case 'image not read':
      return 'an input image could not be read';
  }
}
