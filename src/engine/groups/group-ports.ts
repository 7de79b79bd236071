// The ports a group node shows, for the editor: one per group input (name) and output, each typed as the
// inner port it stands for. Compile does not need these (it checks every wire against the real inner
// ports after expansion); the editor needs them to draw the node and to refuse a wrong connection early.
import { nodeDefinitions, type NodeLookup } from '../model-nodes/node-definitions';
import type { Catalog } from '../node-definition';
import type { PortSpec } from '../ports';
import type { Group, Workflow, WorkflowNode } from '../workflow/schema';
import { isGroupNode, MAX_GROUP_DEPTH, readGroupNode } from './group-node';

export interface GroupPorts {
  inputs: PortSpec[];
  outputs: PortSpec[];
}

type Side = 'inputs' | 'outputs';

/**
 * The ports of a node using `group`. A port whose inner port cannot be found (a node type this Weft does
 * not know, a broken definition) is left out; compile reports why.
 */
export function groupPorts(group: Group, workflow: Pick<Workflow, 'groups' | 'models'>, catalog: Catalog): GroupPorts {
  return portsOf(group, workflow, nodeDefinitions(workflow, catalog), []);
}

type Lookup = (node: WorkflowNode) => NodeLookup;

function portsOf(group: Group, workflow: Pick<Workflow, 'groups'>, lookup: Lookup, chain: readonly string[]): GroupPorts {
  if (chain.includes(group.id) || chain.length > MAX_GROUP_DEPTH) return { inputs: [], outputs: [] };
  const inner = [...chain, group.id];
  const specOf = (nodeId: string, port: string, side: Side): PortSpec | undefined => {
    const node = group.nodes.find((n) => n.id === nodeId);
    return node ? innerPortSpec(node, port, side, workflow, lookup, inner) : undefined;
  };

  const inputs: PortSpec[] = [];
  for (const name of [...new Set(group.inputs.map((entry) => entry.name))]) {
    const entries = group.inputs.filter((entry) => entry.name === name);
    const specs = entries.flatMap((entry) => specOf(entry.node, entry.port, 'inputs') ?? []);
    const first = specs[0];
    if (!first) continue;
    inputs.push({
      ...first,
      name,
      label: name,
      description: `Goes to ${entries.map((e) => `${e.node}.${e.port}`).join(', ')}.`,
      // Optional or multiple only if every inner port it feeds is.
      optional: specs.every((s) => s.optional === true),
      multiple: specs.every((s) => s.multiple === true),
    });
  }
  const outputs: PortSpec[] = [];
  for (const entry of group.outputs) {
    if (outputs.some((p) => p.name === entry.name)) continue;
    const spec = specOf(entry.node, entry.port, 'outputs');
    if (spec) outputs.push({ ...spec, name: entry.name, label: entry.name, description: `From ${entry.node}.${entry.port}.` });
  }
  return { inputs, outputs };
}

function innerPortSpec(node: WorkflowNode, port: string, side: Side, workflow: Pick<Workflow, 'groups'>, lookup: Lookup, chain: readonly string[]): PortSpec | undefined {
  if (!isGroupNode(node)) {
    const found = lookup(node);
    return found && 'definition' in found ? found.definition[side].find((p) => p.name === port) : undefined;
  }
  const reading = readGroupNode(node);
  const nested = reading.ok ? workflow.groups?.find((g) => g.id === reading.params.group) : undefined;
  return nested ? portsOf(nested, workflow, lookup, chain)[side].find((p) => p.name === port) : undefined;
}
