// Compact groups for tests, in the style of test/helpers/build-workflow: nodes as `id: [type, params]`,
// edges as "from.port>to.port", ports as "name=node.port".
import type { Group, Plan, PlannedCall, Workflow } from '../../../src/engine';
import { workflow, type NodeList } from '../../helpers/build-workflow';

export function group(id: string, nodes: NodeList, edges: string[], ports: { inputs?: string[]; outputs?: string[] } = {}): Group {
  const inner = workflow(nodes, edges);
  const port = (text: string) => {
    const match = /^([\w-]+)=([\w/-]+)\.(\w+)$/.exec(text);
    if (!match) throw new Error(`bad port ${text}`);
    return { name: match[1]!, node: match[2]!, port: match[3]! };
  };
  return { id, name: id, nodes: inner.nodes, edges: inner.edges, inputs: (ports.inputs ?? []).map(port), outputs: (ports.outputs ?? []).map(port) };
}

/** A workflow with groups; `g: ['group', { group: 'look' }]` nodes use them. */
export function grouped(nodes: NodeList, edges: string[], groups: Group[]): Workflow {
  return { ...workflow(nodes, edges), groups };
}

/** A call as comparable across grouped and flat twins: ids renamed, everything that matters kept. */
export function comparable(call: PlannedCall, rename: (id: string) => string) {
  const refs = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(refs);
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    if ('output' in record && typeof record.output === 'object' && record.output !== null && 'node' in record.output) {
      const output = record.output as { node: string; index: number };
      return { output: { node: rename(output.node), index: output.index } };
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, refs(v)]));
  };
  return {
    node: rename(call.node),
    model: call.model,
    version: call.version,
    input: refs(call.input),
    after: call.after.map(rename),
    key: call.key,
    seed: call.seed,
    label: call.variant?.label,
  };
}

export function comparableCalls(plan: Plan, rename: (id: string) => string = (id) => id) {
  return plan.calls.map((c) => comparable(c, rename)).sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
}

/** `g2/g1/s` -> `s`: the id a node had before it was grouped (test ids hold no slash of their own). */
export const ungroupedId = (id: string) => {
  const [base, variant] = id.split('#');
  const last = base!.slice(base!.lastIndexOf('/') + 1);
  return variant === undefined ? last : `${last}#${variant}`;
};
