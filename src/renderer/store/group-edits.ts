// Groups as the editor draws and edits them. The edits themselves are the engine's (groupSelection,
// ungroup, insertGroupPackage: whole new workflows); this file fits them into the store's undoable recipes
// and gives a group node what it needs to be drawn: its ports as a definition, and its inner nodes.
import type { Draft } from 'immer';
import {
  GROUP_NODE_TYPE,
  groupPorts,
  groupSelection,
  insertGroupPackage,
  isSweep,
  readGroupNode,
  ungroup,
  type Catalog,
  type Group,
  type GroupPackage,
  type NodeDefinition,
  type Workflow,
  type WorkflowNode,
} from '../../engine';
import { freeNodeId } from '../lib/ids';

/**
 * Makes a draft equal to `next` (a workflow the engine built from it): keys `next` lacks are removed, the
 * others set. Unchanged parts keep their identity, so the patches, and the undo step, stay small.
 */
export function replaceWorkflow(draft: Draft<Workflow>, next: Workflow): void {
  const target = draft as unknown as Record<string, unknown>;
  const source = next as unknown as Record<string, unknown>;
  for (const key of Object.keys(target)) if (!(key in source)) delete target[key];
  for (const [key, value] of Object.entries(source)) if (target[key] !== value) target[key] = value;
}

/** The group a group node uses, if its params name one the workflow defines. */
export function groupOf(workflow: Pick<Workflow, 'groups'>, node: WorkflowNode): Group | undefined {
  if (node.type !== GROUP_NODE_TYPE) return undefined;
  const reading = readGroupNode(node);
  return reading.ok ? workflow.groups?.find((g) => g.id === reading.params.group) : undefined;
}

// One definition per group object and groups list: workflows are values, so identities say "unchanged".
const definitions = new WeakMap<Group, { groups: unknown; models: unknown; definition: NodeDefinition }>();

/**
 * A group node as a node definition: the ports its group shows, typed as the inner ports they stand for,
 * and no params of its own (inner params are edited inside the group). Lets the canvas check connections
 * and colour edges as for any node. Undefined when the node names no group of the workflow.
 */
export function groupDefinition(workflow: Pick<Workflow, 'groups' | 'models'>, catalog: Catalog, node: WorkflowNode): NodeDefinition | undefined {
  const group = groupOf(workflow, node);
  if (!group) return undefined;
  const cached = definitions.get(group);
  if (cached && cached.groups === workflow.groups && cached.models === workflow.models) return cached.definition;
  const ports = groupPorts(group, workflow, catalog);
  const definition: NodeDefinition = {
    type: GROUP_NODE_TYPE,
    title: group.name,
    description: group.description ?? `A group of ${group.nodes.length} nodes`,
    category: 'sampling',
    inputs: ports.inputs,
    outputs: ports.outputs,
    params: {},
    evaluate: () => ({}),
  };
  definitions.set(group, { groups: workflow.groups, models: workflow.models, definition });
  return definition;
}

export type GroupResult = { ok: true; workflow: Workflow; groupNodeId: string } | { ok: false; error: string };

/** The selected nodes as one group node named `name` (engine's groupSelection). */
export function groupNodes(workflow: Workflow, nodeIds: readonly string[], name: string): GroupResult {
  const present = new Set(workflow.nodes.map((n) => n.id));
  const ids = nodeIds.filter((id) => present.has(id));
  if (ids.length === 0) return { ok: false, error: 'select the nodes to group first' };
  const result = groupSelection(workflow, ids, name);
  return result.ok ? { ok: true, workflow: result.workflow, groupNodeId: result.groupNodeId } : result;
}

export type UngroupResult = { ok: true; workflow: Workflow; nodeIds: string[] } | { ok: false; error: string };

/** A group node replaced by its inner nodes (engine's ungroup). */
export function ungroupNode(workflow: Workflow, groupNodeId: string): UngroupResult {
  return ungroup(workflow, groupNodeId);
}

export interface InsertedLibraryGroup {
  workflow: Workflow;
  nodeId: string;
  groupId: string;
  /** Groups of the package whose ids were taken by different groups, and the ids they got. */
  renamed: Record<string, string>;
}

/** A group from the library added to a workflow (definitions, images, schemas) with a node using it at `at`. */
export function insertLibraryGroup(workflow: Workflow, pkg: Pick<GroupPackage, 'group' | 'groups' | 'assets' | 'models'>, at: { x: number; y: number }): InsertedLibraryGroup {
  const inserted = insertGroupPackage(workflow, pkg);
  const nodeId = freeNodeId(inserted.groupId, new Set(inserted.workflow.nodes.map((n) => n.id)));
  const node: WorkflowNode = { id: nodeId, type: GROUP_NODE_TYPE, position: { x: Math.round(at.x), y: Math.round(at.y) }, params: { group: inserted.groupId } };
  return { workflow: { ...inserted.workflow, nodes: [...inserted.workflow.nodes, node] }, nodeId, groupId: inserted.groupId, renamed: inserted.renamed };
}

export interface InnerNodeSummary {
  id: string;
  type: string;
  title?: string;
  /** "seed=7, guidance=3.5": the params the inner node sets, overrides of the group node applied. */
  settings: string;
  /** Params the group node overrides for this inner node. */
  overridden: string[];
}

/** What is inside a group node, for a read-only list: each inner node, what it sets, what is overridden. */
export function innerNodes(group: Group, node: WorkflowNode): InnerNodeSummary[] {
  const reading = readGroupNode(node);
  const overrides = reading.ok ? (reading.params.overrides ?? {}) : {};
  return group.nodes.map((inner) => {
    const params: Record<string, unknown> = { ...(inner.params ?? {}) };
    const overridden: string[] = [];
    for (const [key, value] of Object.entries(overrides)) {
      const dot = key.lastIndexOf('.');
      if (dot <= 0 || key.slice(0, dot) !== inner.id) continue;
      params[key.slice(dot + 1)] = value;
      overridden.push(key.slice(dot + 1));
    }
    return {
      id: inner.id,
      type: inner.type === 'model' && inner.model ? `model ${inner.model.split(':')[0]}` : inner.type,
      ...(inner.title ? { title: inner.title } : {}),
      settings: Object.entries(params)
        .filter(([name]) => name !== 'asset')
        .map(([name, value]) => `${name}=${shortSetting(value)}`)
        .join(', '),
      overridden,
    };
  });
}

function shortSetting(value: unknown): string {
  if (isSweep(value)) return `sweep ×${value.$sweep.length}`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
