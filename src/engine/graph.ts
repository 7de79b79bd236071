// Graph helpers over a workflow's nodes and edges: lookups, dependency order, cycles.
import type { Workflow, WorkflowEdge, WorkflowNode } from './workflow/schema';

export interface GraphIndex {
  nodes: Map<string, WorkflowNode>;
  /** Edges arriving at each node, in file order. */
  incoming: Map<string, WorkflowEdge[]>;
  outgoing: Map<string, WorkflowEdge[]>;
}

export function indexGraph(workflow: Pick<Workflow, 'nodes'>, edges: readonly WorkflowEdge[]): GraphIndex {
  const nodes = new Map(workflow.nodes.map((n) => [n.id, n] as const));
  const incoming = new Map<string, WorkflowEdge[]>();
  const outgoing = new Map<string, WorkflowEdge[]>();
  for (const edge of edges) {
    push(incoming, edge.to.node, edge);
    push(outgoing, edge.from.node, edge);
  }
  return { nodes, incoming, outgoing };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface Ordering {
  /** Nodes whose inputs all come before them, in a stable order (file order among equals). */
  order: string[];
  /** Each cycle found, as the node ids along it. */
  cycles: string[][];
}

/** Kahn's algorithm; nodes left over sit on or behind a cycle, and each cycle is traced for the message. */
export function dependencyOrder(index: GraphIndex): Ordering {
  const remaining = new Map<string, number>();
  for (const id of index.nodes.keys()) remaining.set(id, 0);
  for (const [id, edges] of index.incoming) if (remaining.has(id)) remaining.set(id, edges.length);
  const ready = [...index.nodes.keys()].filter((id) => remaining.get(id) === 0);
  const order: string[] = [];
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i]!;
    order.push(id);
    for (const edge of index.outgoing.get(id) ?? []) {
      const left = (remaining.get(edge.to.node) ?? 0) - 1;
      remaining.set(edge.to.node, left);
      if (left === 0) ready.push(edge.to.node);
    }
  }
  const placed = new Set(order);
  const stuck = new Set([...index.nodes.keys()].filter((id) => !placed.has(id)));
  return { order, cycles: stuck.size ? traceCycles(index, stuck) : [] };
}

function traceCycles(index: GraphIndex, stuck: Set<string>): string[][] {
  const cycles: string[][] = [];
  const onSomeCycle = new Set<string>();
  for (const start of stuck) {
    if (onSomeCycle.has(start)) continue;
    // Walk backwards through stuck predecessors until a node repeats: that stretch is a cycle.
    const path: string[] = [];
    const seenAt = new Map<string, number>();
    let current: string | undefined = start;
    while (current !== undefined && !seenAt.has(current)) {
      seenAt.set(current, path.length);
      path.push(current);
      current = (index.incoming.get(current) ?? []).map((e) => e.from.node).find((id) => stuck.has(id));
    }
    if (current === undefined) continue;
    const cycle = path.slice(seenAt.get(current)).reverse();
    if (cycle.some((id) => onSomeCycle.has(id))) continue;
    cycle.forEach((id) => onSomeCycle.add(id));
    cycles.push(cycle);
  }
  return cycles;
}

/** Every node `target` depends on, itself included (for "run to here"). */
export function upstreamOf(index: GraphIndex, target: string): Set<string> {
  const seen = new Set<string>();
  const stack = [target];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const edge of index.incoming.get(id) ?? []) stack.push(edge.from.node);
  }
  return seen;
}

/** Every node that depends on `source`, itself included. */
export function downstreamOf(index: GraphIndex, source: string): Set<string> {
  const seen = new Set<string>();
  const stack = [source];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const edge of index.outgoing.get(id) ?? []) stack.push(edge.to.node);
  }
  return seen;
}
