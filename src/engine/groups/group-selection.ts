// "Group": the selected nodes become one group node. Edges inside the selection move into the group;
// edges crossing its boundary become the group's ports. An input is made per outside source (one output
// feeding three selected nodes is one input of the group, wired once), an output per inside source. The
// flat graph the new workflow expands to is the one it came from, so it compiles to the same calls.
import type { Group, GroupPort, Workflow, WorkflowEdge, WorkflowNode } from '../workflow/schema';
import { GROUP_NODE_TYPE } from './group-node';
import { claimId, slugOf } from './ids';

export type GroupEdit = { ok: true; workflow: Workflow; groupNodeId: string; groupId: string } | { ok: false; error: string };

export function groupSelection(workflow: Workflow, nodeIds: readonly string[], name: string): GroupEdit {
  const title = name.trim();
  if (title === '') return { ok: false, error: 'give the group a name' };
  const selected = new Set(nodeIds);
  if (selected.size === 0) return { ok: false, error: 'select the nodes to group first' };
  const known = new Set(workflow.nodes.map((n) => n.id));
  const missing = [...selected].filter((id) => !known.has(id));
  if (missing.length) return { ok: false, error: `there is no node ${missing.join(', ')} in this workflow` };

  const groupId = claimId(slugOf(title), new Set((workflow.groups ?? []).map((g) => g.id)));
  const groupNodeId = claimId(slugOf(title), new Set(known));
  const members = workflow.nodes.filter((n) => selected.has(n.id));
  // Inner positions are kept relative to the group node, so the group reads the same wherever it is used.
  const origin = { x: Math.min(...members.map((n) => n.position.x)), y: Math.min(...members.map((n) => n.position.y)) };
  const inside = (id: string) => selected.has(id);

  const inputs: GroupPort[] = [];
  const outputs: GroupPort[] = [];
  const inputNames = new Set<string>();
  const outputNames = new Set<string>();
  const inputBySource = new Map<string, string>();
  const outputBySource = new Map<string, string>();
  const innerEdges: WorkflowEdge[] = [];
  const canvasEdges: WorkflowEdge[] = [];
  for (const edge of workflow.edges) {
    const from = inside(edge.from.node);
    const to = inside(edge.to.node);
    if (from && to) innerEdges.push(edge);
    else if (!from && !to) canvasEdges.push(edge);
    else if (to) {
      const source = `${edge.from.node}\0${edge.from.port}`;
      let port = inputBySource.get(source);
      if (port === undefined) {
        port = claimId(edge.to.port, inputNames);
        inputBySource.set(source, port);
        canvasEdges.push({ ...edge, to: { node: groupNodeId, port } });
      }
      // One entry per crossing edge, even a repeated one: the expansion then has every edge the flat graph had.
      inputs.push({ name: port, node: edge.to.node, port: edge.to.port });
    } else {
      const source = `${edge.from.node}\0${edge.from.port}`;
      let port = outputBySource.get(source);
      if (port === undefined) {
        port = claimId(edge.from.port, outputNames);
        outputBySource.set(source, port);
        outputs.push({ name: port, node: edge.from.node, port: edge.from.port });
      }
      canvasEdges.push({ ...edge, from: { node: groupNodeId, port } });
    }
  }

  const group: Group = {
    id: groupId,
    name: title,
    nodes: members.map((n) => ({ ...n, position: { ...n.position, x: n.position.x - origin.x, y: n.position.y - origin.y } })),
    edges: innerEdges,
    inputs,
    outputs,
  };
  const groupNode: WorkflowNode = { id: groupNodeId, type: GROUP_NODE_TYPE, position: origin, params: { group: groupId } };
  // The group node takes the place of the first selected node, so the canvas order changes least.
  const first = workflow.nodes.findIndex((n) => inside(n.id));
  const nodes = workflow.nodes.flatMap((n, i) => (i === first ? [groupNode] : inside(n.id) ? [] : [n]));
  return { ok: true, workflow: { ...workflow, nodes, edges: canvasEdges, groups: [...(workflow.groups ?? []), group] }, groupNodeId, groupId };
}
