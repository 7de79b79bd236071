// Edits of a workflow, as immer recipes on plain data. Pure: no store, no React; the store runs them
// with produceWithPatches so every one of them can be undone.
import type { Draft } from 'immer';
import { connectionRefusal, GROUP_NODE_TYPE, nodeDefinitions, type AssetEntry, type Catalog, type NodeDefinition, type Workflow, type WorkflowEdge, type WorkflowNode } from '../../engine';
import { freeNodeId, newEdgeId } from '../lib/ids';
import { groupDefinition } from './group-edits';

export type WorkflowDraft = Draft<Workflow>;

export interface Endpoint {
  node: string;
  port: string;
}

export function nodeIds(workflow: Pick<Workflow, 'nodes'>): Set<string> {
  return new Set(workflow.nodes.map((n) => n.id));
}

/**
 * What a node is: its catalog type, for a `model` node the definition built from the schema the workflow
 * stores for its model, for a `group` node the ports its group shows. Undefined for a type this editor
 * cannot draw.
 */
export function definitionOf(workflow: Pick<Workflow, 'models' | 'groups'>, catalog: Catalog, node: WorkflowNode): NodeDefinition | undefined {
  if (node.type === GROUP_NODE_TYPE) return groupDefinition(workflow, catalog, node);
  const found = nodeDefinitions(workflow, catalog)(node);
  return found && 'definition' in found ? found.definition : undefined;
}

export function addNode(workflow: WorkflowDraft, type: string, position: { x: number; y: number }, params: Record<string, unknown> = {}): string {
  const id = freeNodeId(type, nodeIds(workflow));
  workflow.nodes.push({ id, type, position: { x: Math.round(position.x), y: Math.round(position.y) }, params });
  return id;
}

/** Why this connection cannot be made, or undefined when it can (types, ports and self-loops checked). */
export function refuseConnection(workflow: Pick<Workflow, 'nodes' | 'models' | 'groups'>, catalog: Catalog, from: Endpoint, to: Endpoint): string | undefined {
  if (from.node === to.node) return 'a node cannot feed itself';
  const source = workflow.nodes.find((n) => n.id === from.node);
  const target = workflow.nodes.find((n) => n.id === to.node);
  const output = source && definitionOf(workflow, catalog, source)?.outputs.find((p) => p.name === from.port);
  const input = target && definitionOf(workflow, catalog, target)?.inputs.find((p) => p.name === to.port);
  if (!output || !input) return 'one of these ports no longer exists';
  return connectionRefusal(output.type, input);
}

/** Connects `from` to `to`, replacing what fed `to` before unless that input takes many edges. */
export function connect(workflow: WorkflowDraft, catalog: Catalog, from: Endpoint, to: Endpoint): string | undefined {
  const target = workflow.nodes.find((n) => n.id === to.node);
  const input = target && definitionOf(workflow, catalog, target)?.inputs.find((p) => p.name === to.port);
  const same = (e: WorkflowEdge) => e.to.node === to.node && e.to.port === to.port;
  if (workflow.edges.some((e) => same(e) && e.from.node === from.node && e.from.port === from.port)) return undefined;
  if (!input?.multiple) workflow.edges = workflow.edges.filter((e) => !same(e));
  const id = newEdgeId(new Set(workflow.edges.map((e) => e.id)));
  workflow.edges.push({ id, from: { ...from }, to: { ...to } });
  return id;
}

export function removeNodes(workflow: WorkflowDraft, ids: readonly string[]): void {
  const gone = new Set(ids);
  const removed = workflow.nodes.filter((n) => gone.has(n.id));
  workflow.nodes = workflow.nodes.filter((n) => !gone.has(n.id));
  workflow.edges = workflow.edges.filter((e) => !gone.has(e.from.node) && !gone.has(e.to.node));
  for (const node of removed) for (const value of Object.values(node.params ?? {})) dropAssetIfUnused(workflow, value);
}

export function removeEdges(workflow: WorkflowDraft, ids: readonly string[]): void {
  const gone = new Set(ids);
  workflow.edges = workflow.edges.filter((e) => !gone.has(e.id));
}

/** Sets a param; `undefined` removes it, so the node takes its default (or stays unset). */
export function setParam(workflow: WorkflowDraft, nodeId: string, name: string, value: unknown): void {
  const node = workflow.nodes.find((n) => n.id === nodeId);
  if (!node) return;
  node.params ??= {};
  if (value === undefined) delete node.params[name];
  else node.params[name] = value;
}

export function setTitle(workflow: WorkflowDraft, nodeId: string, title: string | undefined): void {
  const node = workflow.nodes.find((n) => n.id === nodeId);
  if (!node) return;
  if (title && title.trim()) node.title = title;
  else delete node.title;
}

export function moveNodes(workflow: WorkflowDraft, positions: Record<string, { x: number; y: number }>): void {
  for (const node of workflow.nodes) {
    const p = positions[node.id];
    if (p) node.position = { ...node.position, x: Math.round(p.x), y: Math.round(p.y) };
  }
}

/**
 * Points an image or mask node at an embedded asset (clearing its other sources), adds the asset, and
 * drops the asset it replaces when nothing else uses it, so files do not grow with every repaint.
 */
export function setNodeAsset(workflow: WorkflowDraft, nodeId: string, sha256: string, asset: AssetEntry, sourceParams: readonly string[]): void {
  const node = workflow.nodes.find((n) => n.id === nodeId);
  if (!node) return;
  node.params ??= {};
  const previous = node.params.asset;
  workflow.assets ??= {};
  workflow.assets[sha256] = asset;
  for (const name of sourceParams) delete node.params[name];
  node.params.asset = sha256;
  if (previous !== sha256) dropAssetIfUnused(workflow, previous);
}

/** Sets one source param of an image node (path or url), clearing the others. */
export function setImageSource(workflow: WorkflowDraft, nodeId: string, name: string, value: string, sourceParams: readonly string[]): void {
  const node = workflow.nodes.find((n) => n.id === nodeId);
  if (!node) return;
  node.params ??= {};
  const previous = node.params.asset;
  for (const other of sourceParams) delete node.params[other];
  if (value) node.params[name] = value;
  dropAssetIfUnused(workflow, previous);
}

function dropAssetIfUnused(workflow: WorkflowDraft, sha256: unknown): void {
  if (typeof sha256 !== 'string' || !workflow.assets?.[sha256]) return;
  const used = workflow.nodes.some((n) => Object.values(n.params ?? {}).includes(sha256));
  if (!used) delete workflow.assets[sha256];
}

/** What the clipboard holds: nodes, the edges among them and the assets they use. */
export interface Fragment {
  format: 'weft-clipboard';
  version: 1;
  nodes: WorkflowNode[];
  edges: WorkflowEdge[];
  assets: Record<string, AssetEntry>;
}

export function extractFragment(workflow: Workflow, ids: readonly string[]): Fragment | undefined {
  const chosen = new Set(ids);
  const nodes = workflow.nodes.filter((n) => chosen.has(n.id));
  if (nodes.length === 0) return undefined;
  const edges = workflow.edges.filter((e) => chosen.has(e.from.node) && chosen.has(e.to.node));
  const assets: Record<string, AssetEntry> = {};
  for (const node of nodes) {
    for (const value of Object.values(node.params ?? {})) {
      if (typeof value === 'string' && workflow.assets?.[value]) assets[value] = workflow.assets[value];
    }
  }
  return { format: 'weft-clipboard', version: 1, nodes, edges, assets };
}

export function parseFragment(text: string): Fragment | undefined {
  try {
    const value = JSON.parse(text) as Partial<Fragment>;
    if (value?.format !== 'weft-clipboard' || !Array.isArray(value.nodes) || !Array.isArray(value.edges)) return undefined;
    const nodesOk = value.nodes.every((n) => typeof n?.id === 'string' && typeof n.type === 'string' && Number.isFinite(n.position?.x) && Number.isFinite(n.position?.y));
    if (!nodesOk) return undefined;
    return { format: 'weft-clipboard', version: 1, nodes: value.nodes, edges: value.edges, assets: value.assets ?? {} };
  } catch {
    return undefined;
  }
}

/** Adds a fragment with fresh ids, its top-left corner at `at` (or offset from where it was). Returns the new ids. */
export function insertFragment(workflow: WorkflowDraft, fragment: Fragment, at?: { x: number; y: number }): string[] {
  const minX = Math.min(...fragment.nodes.map((n) => n.position.x));
  const minY = Math.min(...fragment.nodes.map((n) => n.position.y));
  const dx = at ? at.x - minX : 40;
  const dy = at ? at.y - minY : 40;
  const taken = nodeIds(workflow);
  const rename = new Map<string, string>();
  for (const node of fragment.nodes) {
    const id = freeNodeId(node.type, taken);
    taken.add(id);
    rename.set(node.id, id);
    workflow.nodes.push({ ...structuredClone(node), id, position: { x: Math.round(node.position.x + dx), y: Math.round(node.position.y + dy) } });
  }
  const edgeIds = new Set(workflow.edges.map((e) => e.id));
  for (const edge of fragment.edges) {
    const from = rename.get(edge.from.node);
    const to = rename.get(edge.to.node);
    if (!from || !to) continue;
    const id = newEdgeId(edgeIds);
    edgeIds.add(id);
    workflow.edges.push({ ...structuredClone(edge), id, from: { ...edge.from, node: from }, to: { ...edge.to, node: to } });
  }
  workflow.assets ??= {};
  for (const [sha, asset] of Object.entries(fragment.assets)) workflow.assets[sha] ??= asset;
  return [...rename.values()];
}

/** Folds or unfolds a node; remembered in `ui.collapsed`, which no compile reads. */
export function setCollapsed(workflow: WorkflowDraft, nodeId: string, collapsed: boolean): void {
  workflow.ui ??= {};
  const list = Array.isArray(workflow.ui.collapsed) ? (workflow.ui.collapsed as unknown[]).filter((id): id is string => typeof id === 'string' && id !== nodeId) : [];
  if (collapsed) list.push(nodeId);
  if (list.length) workflow.ui.collapsed = list;
  else delete workflow.ui.collapsed;
}
