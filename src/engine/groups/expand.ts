// Groups are sugar over a flat graph: compile sees only the flat workflow expandGroups makes. Each group
// node is replaced by its group's inner nodes, renamed `<group node>/<inner id>` (recursively for nested
// groups: `g/face/s2`), and every edge into or out of a group node is rewired to the inner port the group
// exposes. Only ids change, never params or what is wired to what, so every call inside a group has the
// key it would have outside one. The maps kept on the way let compile report everything on the canvas.
import type { Diagnostic } from '../diagnostics';
import type { Group, Workflow, WorkflowEdge, WorkflowNode } from '../workflow/schema';
import { applyOverrides, GROUP_NODE_PARAMS, isGroupNode, MAX_GROUP_DEPTH, readGroupNode } from './group-node';
import { canvasDiagnostic } from './canvas-diagnostics';
import { claimId } from './ids';

/** The most flat nodes groups may expand to: a group of groups of groups multiplies quickly. */
export const MAX_EXPANDED_NODES = 5000;

/** Where a flat node or edge made from a group sits on the canvas. */
export interface GroupOrigin {
  /** The group node in the workflow's own `nodes`. */
  canvas: string;
  /** The path inside it: `s1`, or `face/s2` through a nested group node `face`. */
  inner: string;
}

/** A flat edge is either (a copy of) an edge on the canvas, or an edge inside a group. */
export type EdgeOrigin = { edge: string } | GroupOrigin;

export interface GroupExpansion {
  /** The workflow without group nodes: what compile evaluates. The same object when nothing was grouped. */
  workflow: Workflow;
  /** True when at least one group node was met (else every map is empty). */
  expanded: boolean;
  /** For each id made inside a group (flat nodes and the nested group nodes they came from). */
  origins: ReadonlyMap<string, GroupOrigin>;
  edgeOrigins: ReadonlyMap<string, EdgeOrigin>;
  /** `<flat node>\0<port>` -> the input port of a canvas group node that feeds it. */
  exposedInputs: ReadonlyMap<string, string>;
  /** Flat nodes that must not compile (a group that cannot expand, a wire to a port a group lacks). */
  blocked: ReadonlySet<string>;
  /** Problems of the groups themselves, located on the canvas. */
  diagnostics: Diagnostic[];
}

type Endpoint = WorkflowEdge['from'];

/** A node once placed in the flat graph: where edges into and out of each of its ports must go. */
interface Placed {
  id: string;
  /** Undefined when the node is a group without this input. */
  inputs(port: string): Endpoint[] | undefined;
  output(port: string): Endpoint | undefined;
  /** The flat nodes made for it: itself, or every node inside its group. */
  members: string[];
  kind: string;
}

interface Level {
  /** `""` on the canvas, `<flat group node id>/` inside a group. */
  prefix: string;
  /** The groups being expanded around this level, outermost first: a group met again is a cycle. */
  chain: string[];
  /** The canvas group node this level is inside; undefined on the canvas itself. */
  canvas?: string;
}

export function usesGroups(workflow: Pick<Workflow, 'nodes'>): boolean {
  return workflow.nodes.some(isGroupNode);
}

export function expandGroups(workflow: Workflow): GroupExpansion {
  if (!usesGroups(workflow)) {
    return { workflow, expanded: false, origins: new Map(), edgeOrigins: new Map(), exposedInputs: new Map(), blocked: new Set(), diagnostics: [] };
  }
  return new Expander(workflow).run();
}

class Expander {
  private readonly definitions: ReadonlyMap<string, Group>;
  private readonly nodes: WorkflowNode[] = [];
  private readonly edges: WorkflowEdge[] = [];
  private readonly nodeIds: Set<string>;
  private readonly edgeIds: Set<string>;
  private readonly origins = new Map<string, GroupOrigin>();
  private readonly edgeOrigins = new Map<string, EdgeOrigin>();
  private readonly exposedInputs = new Map<string, string>();
  private readonly blocked = new Set<string>();
  private readonly found: Diagnostic[] = [];

  constructor(private readonly workflow: Workflow) {
    // First definition wins, as the loader refuses duplicate group ids anyway.
    this.definitions = new Map([...(workflow.groups ?? [])].reverse().map((g) => [g.id, g] as const));
    // Canvas ids are reserved up front: an inner id never takes one, so the canvas keeps its own names.
    this.nodeIds = new Set(workflow.nodes.map((n) => n.id));
    this.edgeIds = new Set(workflow.edges.map((e) => e.id));
  }

  run(): GroupExpansion {
    this.placeLevel(this.workflow.nodes, this.workflow.edges, { prefix: '', chain: [] });
    const { groups: _groups, ...rest } = this.workflow;
    const maps = { origins: this.origins, edgeOrigins: this.edgeOrigins, exposedInputs: this.exposedInputs };
    return {
      workflow: { ...rest, nodes: this.nodes, edges: this.edges },
      expanded: true,
      ...maps,
      blocked: this.blocked,
      diagnostics: this.found.map((d) => canvasDiagnostic(d, maps)),
    };
  }

  private placeLevel(nodes: readonly WorkflowNode[], edges: readonly WorkflowEdge[], level: Level): Map<string, Placed> {
    const placed = new Map<string, Placed>();
    for (const node of nodes) {
      if (placed.has(node.id)) continue; // a duplicate id inside a group: the loader refuses those files
      placed.set(node.id, isGroupNode(node) ? this.placeGroup(node, level) : this.placeNode(node, level));
    }
    for (const edge of edges) this.rewire(edge, placed, level);
    return placed;
  }

  /** The flat id for a node at this level; inside a group it is `<prefix><id>`, made unique if taken. */
  private flatIdOf(node: WorkflowNode, level: Level): string {
    if (level.prefix === '') return node.id;
    const id = claimId(level.prefix + node.id, this.nodeIds);
    if (level.canvas !== undefined) this.origins.set(id, { canvas: level.canvas, inner: id.slice(level.canvas.length + 1) });
    return id;
  }

  private placeNode(node: WorkflowNode, level: Level): Placed {
    const id = this.flatIdOf(node, level);
    this.nodes.push(id === node.id ? node : { ...node, id });
    return asIs(id, node.type);
  }

  private placeGroup(node: WorkflowNode, level: Level): Placed {
    const id = this.flatIdOf(node, level);
    // A group node that cannot expand stays in the flat graph as it is: compile blocks it and what
    // depends on it, and the error below says why.
    const fail = (code: string, message: string, param?: string): Placed => {
      this.nodes.push(id === node.id ? node : { ...node, id });
      this.blocked.add(id);
      this.found.push({ severity: 'error', code, node: id, ...(param ? { param } : {}), message });
      return asIs(id, node.type);
    };
    const reading = readGroupNode(node);
    if (!reading.ok) return fail('group-invalid', reading.message, reading.param);
    const group = this.definitions.get(reading.params.group);
    if (!group) return fail('group-unknown', `uses group "${reading.params.group}", which this workflow does not define`, 'group');
    if (level.chain.includes(group.id)) {
      return fail('group-cycle', `group "${group.id}" contains itself (${[...level.chain, group.id].join(' → ')}): a group cannot hold a node of its own group`, 'group');
    }
    if (level.chain.length >= MAX_GROUP_DEPTH) return fail('group-too-deep', `groups nest more than ${MAX_GROUP_DEPTH} deep here (${[...level.chain, group.id].join(' → ')})`, 'group');
    if (this.nodes.length + group.nodes.length > MAX_EXPANDED_NODES) {
      return fail('group-too-large', `the groups expand to more than ${MAX_EXPANDED_NODES} nodes: nest fewer groups`, 'group');
    }
    for (const name of Object.keys(node.params ?? {})) {
      if (!GROUP_NODE_PARAMS.includes(name)) {
        this.found.push({ severity: 'warning', code: 'param-unknown', node: id, param: name, message: 'is not a param of group nodes: it is kept in the file and ignored' });
      }
    }
    const { nodes, problems } = applyOverrides(group.nodes, reading.params.overrides);
    for (const problem of problems) this.found.push({ severity: 'warning', code: 'group-override-unknown', node: id, param: 'overrides', message: problem.message });

    const start = this.nodes.length;
    const inside = this.placeLevel(nodes, group.edges, { prefix: `${id}/`, chain: [...level.chain, group.id], canvas: level.canvas ?? id });
    const members = this.nodes.slice(start).map((n) => n.id);
    const { inputs, outputs, problems: portProblems } = exposedPorts(group, inside);
    if (portProblems.length) {
      // The group would not run as it was designed: none of it runs until its ports are fixed.
      for (const message of portProblems) this.found.push({ severity: 'error', code: 'group-port-invalid', node: id, message });
      members.forEach((m) => this.blocked.add(m));
    }
    if (level.prefix === '') for (const [name, targets] of inputs) for (const t of targets) this.exposedInputs.set(`${t.node}\0${t.port}`, name);
    return { id, inputs: (port) => inputs.get(port), output: (port) => outputs.get(port), members, kind: `group ${group.id}` };
  }

  /** Copies a level's edge into the flat graph, once per inner port the target stands for. */
  private rewire(edge: WorkflowEdge, placed: ReadonlyMap<string, Placed>, level: Level): void {
    const from = placed.get(edge.from.node);
    const to = placed.get(edge.to.node);
    // An end whose node is missing stays as written (prefixed), and compile reports the dangling edge.
    const source = from ? from.output(edge.from.port) : { node: level.prefix + edge.from.node, port: edge.from.port };
    const targets = to ? to.inputs(edge.to.port) : [{ node: level.prefix + edge.to.node, port: edge.to.port }];
    const flatId = level.prefix === '' ? edge.id : claimId(level.prefix + edge.id, this.edgeIds);
    const origin: EdgeOrigin = level.canvas === undefined ? { edge: edge.id } : { canvas: level.canvas, inner: flatId.slice(level.canvas.length + 1) };
    this.edgeOrigins.set(flatId, origin);
    if (!source || !targets) {
      const message = !source
        ? `node ${edge.from.node} (${from!.kind}) has no output "${edge.from.port}"`
        : `node ${edge.to.node} (${to!.kind}) has no input "${edge.to.port}"`;
      // As compile does for a broken edge: what it points at does not run, rather than run miswired.
      const stopped = targets ? targets.map((t) => t.node) : to!.members;
      stopped.forEach((id) => this.blocked.add(id));
      this.found.push({ severity: 'error', code: 'edge-port', edge: flatId, ...(to ? { node: to.id, port: edge.to.port } : {}), message });
      return;
    }
    targets.forEach((target, k) => {
      const id = k === 0 ? flatId : claimId(`${flatId}~${k + 1}`, this.edgeIds);
      if (k > 0) this.edgeOrigins.set(id, origin);
      this.edges.push({ ...edge, id, from: source, to: target });
    });
  }
}

function asIs(id: string, type: string): Placed {
  return { id, inputs: (port) => [{ node: id, port }], output: (port) => ({ node: id, port }), members: [id], kind: type };
}

/** The flat endpoints behind each of a group's ports, and what in its definition points nowhere. */
function exposedPorts(group: Group, inside: ReadonlyMap<string, Placed>): { inputs: Map<string, Endpoint[]>; outputs: Map<string, Endpoint>; problems: string[] } {
  const inputs = new Map<string, Endpoint[]>();
  const outputs = new Map<string, Endpoint>();
  const problems: string[] = [];
  for (const entry of group.inputs) {
    const targets = inside.get(entry.node)?.inputs(entry.port);
    if (!targets) {
      problems.push(`group "${group.id}": its input "${entry.name}" goes to ${entry.node}.${entry.port}, which is not in the group`);
      continue;
    }
    // Several entries may share a name: one input of the group node then feeds each of those ports.
    inputs.set(entry.name, [...(inputs.get(entry.name) ?? []), ...targets]);
  }
  for (const entry of group.outputs) {
    if (outputs.has(entry.name)) {
      problems.push(`group "${group.id}": it has two outputs named "${entry.name}"`);
      continue;
    }
    const source = inside.get(entry.node)?.output(entry.port);
    if (!source) {
      problems.push(`group "${group.id}": its output "${entry.name}" comes from ${entry.node}.${entry.port}, which is not in the group`);
      continue;
    }
    outputs.set(entry.name, source);
  }
  return { inputs, outputs, problems };
}
