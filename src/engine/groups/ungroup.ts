// "Ungroup": a group node is replaced by the nodes of its group, with its overrides written into their
// params and its wires reconnected to the inner ports they stood for. The group's definition is dropped
// once no node uses it. Inner ids are kept where free (so grouping then ungrouping gives the same ids back)
// and made unique otherwise (a group from the library may use ids the canvas already has).
import type { Workflow, WorkflowEdge, WorkflowNode } from '../workflow/schema';
import { applyOverrides, isGroupNode, readGroupNode } from './group-node';
import { claimId } from './ids';

export type UngroupEdit = { ok: true; workflow: Workflow; nodeIds: string[] } | { ok: false; error: string };

export function ungroup(workflow: Workflow, groupNodeId: string): UngroupEdit {
  const node = workflow.nodes.find((n) => n.id === groupNodeId);
  if (!node) return { ok: false, error: `there is no node ${groupNodeId} in this workflow` };
  if (!isGroupNode(node)) return { ok: false, error: `node ${groupNodeId} is not a group` };
  const reading = readGroupNode(node);
  if (!reading.ok) return { ok: false, error: `node ${groupNodeId}: param ${reading.param} ${reading.message}` };
  const group = workflow.groups?.find((g) => g.id === reading.params.group);
  if (!group) return { ok: false, error: `node ${groupNodeId} uses group "${reading.params.group}", which this workflow does not define` };

  // Overrides aimed at nodes the group lacks are dropped: compile ignored them too.
  const { nodes: inner } = applyOverrides(group.nodes, reading.params.overrides);
  const nodeIds = new Set(workflow.nodes.filter((n) => n.id !== groupNodeId).map((n) => n.id));
  const edgeIds = new Set(workflow.edges.map((e) => e.id));
  const renamed = new Map(inner.map((n) => [n.id, claimId(n.id, nodeIds)] as const));
  const idOf = (innerId: string) => renamed.get(innerId) ?? innerId;
  const placed: WorkflowNode[] = inner.map((n) => ({
    ...n,
    id: idOf(n.id),
    position: { ...n.position, x: n.position.x + node.position.x, y: n.position.y + node.position.y },
  }));

  const edges: WorkflowEdge[] = [];
  for (const edge of workflow.edges) {
    const intoGroup = edge.to.node === groupNodeId ? group.inputs.filter((p) => p.name === edge.to.port) : [];
    const outOfGroup = edge.from.node === groupNodeId ? group.outputs.find((p) => p.name === edge.from.port) : undefined;
    const from = outOfGroup ? { node: idOf(outOfGroup.node), port: outOfGroup.port } : edge.from;
    // A wire to a port the group lacks stays as it was: it dangles, as it was broken before.
    if (intoGroup.length === 0) {
      edges.push(from === edge.from ? edge : { ...edge, from });
      continue;
    }
    intoGroup.forEach((entry, k) => {
      const id = k === 0 ? edge.id : claimId(`${edge.id}-${k + 1}`, edgeIds);
      edges.push({ ...edge, id, from, to: { node: idOf(entry.node), port: entry.port } });
    });
  }
  for (const edge of group.edges) {
    edges.push({ ...edge, id: claimId(edge.id, edgeIds), from: { ...edge.from, node: idOf(edge.from.node) }, to: { ...edge.to, node: idOf(edge.to.node) } });
  }

  const nodes = workflow.nodes.flatMap((n) => (n.id === groupNodeId ? placed : [n]));
  const stillUsed = [...nodes, ...(workflow.groups ?? []).filter((g) => g.id !== group.id).flatMap((g) => g.nodes)].some(
    (n) => isGroupNode(n) && n.params?.group === group.id,
  );
  const groups = stillUsed ? workflow.groups : workflow.groups?.filter((g) => g.id !== group.id);
  const { groups: _old, ...rest } = workflow;
  return {
    ok: true,
    workflow: { ...rest, nodes, edges, ...(groups && groups.length > 0 ? { groups } : {}) },
    nodeIds: placed.map((n) => n.id),
  };
}
