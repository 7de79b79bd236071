// Which calls a run makes. "Run to here" (`only`) runs just what a node needs: a sampler's own call and
// every call upstream of it (through `after`), or for an output node, the calls of the samplers wired
// into it and theirs. Plans list calls in dependency order, and the selection keeps that order.
import type { Plan, PlannedCall } from '../../engine';

export class NothingToRunError extends Error {
  override readonly name = 'NothingToRunError';
}

export function selectCalls(plan: Plan, only?: string): PlannedCall[] {
  if (only === undefined) return plan.calls;
  const byNode = new Map(plan.calls.map((call) => [call.node, call] as const));
  // A swept sampler is several calls (`s#1`, `s#2`...) of one node: running to it runs them all.
  const own = plan.calls.filter((call) => call.node === only || call.source === only).map((call) => call.node);
  const roots = own.length ? own : (plan.outputs.find((sink) => sink.node === only)?.sources.map((s) => s.node) ?? []);
  if (roots.length === 0) {
    throw new NothingToRunError(`node ${only} makes no prediction and no output node of this name has samplers wired in: nothing to run`);
  }
  const wanted = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const node = stack.pop()!;
    if (wanted.has(node)) continue;
    wanted.add(node);
    stack.push(...(byNode.get(node)?.after ?? []));
  }
  return plan.calls.filter((call) => wanted.has(call.node));
}
