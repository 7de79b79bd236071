// A node of type `group` stands for a named sub-graph of the workflow's `groups`. Its params say which
// one (`group`, the group's id) and may override its inner nodes' params (`overrides`), keyed
// "<inner node>.<param>": `{ "group": "portrait", "overrides": { "s1.seed": 7 } }`. An override reaches
// into a nested group by the inner node's path: `"face/s2.seed"` sets `s2.seed` inside group node `face`.
import { z } from 'zod';
import type { WorkflowNode } from '../workflow/schema';

export const GROUP_NODE_TYPE = 'group';

/** Groups nest at most this deep: deeper is almost surely a mistake, and it bounds the expansion. */
export const MAX_GROUP_DEPTH = 8;

export const GroupNodeParamsSchema = z.looseObject({
  group: z.string({ error: 'must name a group of this workflow' }).min(1, { error: 'must name a group of this workflow' }),
  overrides: z.record(z.string(), z.unknown(), { error: 'must be an object of "<inner node>.<param>": value' }).optional(),
});

export type GroupNodeParams = z.infer<typeof GroupNodeParamsSchema>;

/** The params a group node understands; any other is kept in the file and reported as ignored. */
export const GROUP_NODE_PARAMS: readonly string[] = ['group', 'overrides'];

export function isGroupNode(node: Pick<WorkflowNode, 'type'>): boolean {
  return node.type === GROUP_NODE_TYPE;
}

export type GroupNodeReading = { ok: true; params: GroupNodeParams } | { ok: false; param: string; message: string };

export function readGroupNode(node: WorkflowNode): GroupNodeReading {
  const parsed = GroupNodeParamsSchema.safeParse(node.params ?? {});
  if (parsed.success) return { ok: true, params: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, param: String(issue.path[0] ?? 'group'), message: issue.message };
}

/** The override key that sets `param` of the inner node at `innerPath`. */
export function overrideKey(innerPath: string, param: string): string {
  return `${innerPath}.${param}`;
}

/** "face/s2.seed" -> { node: "face/s2", param: "seed" }; params never hold a dot, node ids may. */
export function splitOverrideKey(key: string): { node: string; param: string } | undefined {
  const dot = key.lastIndexOf('.');
  if (dot <= 0 || dot === key.length - 1) return undefined;
  return { node: key.slice(0, dot), param: key.slice(dot + 1) };
}

/**
 * For a call made inside a group (its id `g/s1`, its source the canvas group node `g`): the inner node's
 * path, `s1`, so the group node's overrides can pin what the call used. Undefined for any other call.
 */
export function innerPathOfCall(call: { node: string; source: string }): string | undefined {
  return call.node.startsWith(`${call.source}/`) ? call.node.slice(call.source.length + 1) : undefined;
}

export interface OverrideProblem {
  key: string;
  message: string;
}

/**
 * The group's inner nodes with the overrides applied: a key naming an inner node sets its param; a key
 * whose path goes through an inner group node is handed down to that node's own overrides (the outer one
 * wins, as the user set it last and closest to the canvas).
 */
export function applyOverrides(nodes: readonly WorkflowNode[], overrides: Readonly<Record<string, unknown>> | undefined): { nodes: WorkflowNode[]; problems: OverrideProblem[] } {
  const result = [...nodes];
  const problems: OverrideProblem[] = [];
  if (!overrides) return { nodes: result, problems };
  const indexOf = new Map(nodes.map((n, i) => [n.id, i] as const));
  const change = (index: number, update: (params: Record<string, unknown>) => Record<string, unknown>) => {
    const node = result[index]!;
    result[index] = { ...node, params: update({ ...(node.params ?? {}) }) };
  };
  for (const [key, value] of Object.entries(overrides)) {
    const target = splitOverrideKey(key);
    if (!target) {
      problems.push({ key, message: `"${key}" does not say "<inner node>.<param>": it is ignored` });
      continue;
    }
    const direct = indexOf.get(target.node);
    if (direct !== undefined) {
      change(direct, (params) => ({ ...params, [target.param]: value }));
      continue;
    }
    const via = enclosingGroupNode(nodes, target.node);
    if (via === undefined) {
      problems.push({ key, message: `"${key}": the group has no node ${target.node}: it is ignored` });
      continue;
    }
    const rest = overrideKey(target.node.slice(nodes[via]!.id.length + 1), target.param);
    change(via, (params) => ({ ...params, overrides: { ...asRecord(params.overrides), [rest]: value } }));
  }
  return { nodes: result, problems };
}

/** The inner group node whose id starts `path` ("face" for "face/s2"), the longest such id if several. */
function enclosingGroupNode(nodes: readonly WorkflowNode[], path: string): number | undefined {
  let best: number | undefined;
  nodes.forEach((node, i) => {
    if (!isGroupNode(node) || !path.startsWith(`${node.id}/`)) return;
    if (best === undefined || node.id.length > nodes[best]!.id.length) best = i;
  });
  return best;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
