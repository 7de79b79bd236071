// The workflow as React Flow nodes and edges. Objects are cached by the identity of the workflow node or
// edge they come from (immer keeps unchanged ones identical), so after an edit React Flow sees one new
// node object, and only that node re-renders, however big the graph.
import type { Edge, Node } from '@xyflow/react';
import { catalog } from '../../../nodes';
import { GROUP_NODE_TYPE, type PortType, type Workflow, type WorkflowEdge, type WorkflowNode } from '../../engine';
import { definitionOf } from '../store/workflow-edits';
import { portColor } from './port-colors';

export type WeftNodeData = { node: WorkflowNode };
/** `weftGroup` for group nodes (not React Flow's own `group` type, whose built-in styles would apply). */
export type WeftFlowNode = Node<WeftNodeData, 'weft' | 'weftGroup'>;
export type WeftFlowEdge = Edge<{ type?: PortType }>;

interface NodeEntry {
  selected: boolean;
  position: { x: number; y: number };
  flow: WeftFlowNode;
}

const nodeCache = new WeakMap<WorkflowNode, NodeEntry>();

/**
 * `measured`: the sizes React Flow measured, read when a node object is made. An unchanged node keeps its
 * object even when its size has changed since: React Flow keeps its own measurement of an object it has
 * already seen, and a new object for every node after every measurement would make it adopt and
 * re-render the whole graph again. A new object (moved, selected, edited) carries the latest size, so
 * React Flow never sees a known node unmeasured.
 */
export function toFlowNodes(
  workflow: Workflow,
  selection: readonly string[],
  measured: Readonly<Record<string, { width: number; height: number }>>,
  dragging: ReadonlyMap<string, { x: number; y: number }>,
): WeftFlowNode[] {
  const selected = new Set(selection);
  return workflow.nodes.map((node) => {
    const isSelected = selected.has(node.id);
    const size = measured[node.id];
    const position = dragging.get(node.id) ?? node.position;
    const entry = nodeCache.get(node);
    if (entry && entry.selected === isSelected && entry.position === position) return entry.flow;
    const flow: WeftFlowNode = {
      id: node.id,
      type: node.type === GROUP_NODE_TYPE ? 'weftGroup' : 'weft',
      position: { x: position.x, y: position.y },
      data: { node },
      selected: isSelected,
      ...(size ? { measured: size } : {}),
    };
    nodeCache.set(node, { selected: isSelected, position, flow });
    return flow;
  });
}

/**
 * Writes sizes React Flow measured onto the node objects it was given. It keeps its own measurement of
 * each node, but its minimap sizes a node from the object it was given: writing the size there keeps the
 * minimap right without handing it a new object for every node, which it would adopt and re-render again
 * (a second pass over a whole big graph after each measurement). The objects are ours (toFlowNodes).
 */
export function writeMeasured(nodes: readonly WeftFlowNode[], sizes: Readonly<Record<string, { width: number; height: number }>>): void {
  for (const node of nodes) {
    const size = sizes[node.id];
    if (size) node.measured = size;
  }
}

interface EdgeEntry {
  key: string;
  flow: WeftFlowEdge;
}
const edgeCache = new WeakMap<WorkflowEdge, EdgeEntry>();

export function toFlowEdges(
  workflow: Workflow,
  invalid: ReadonlySet<string>,
  flowing: ReadonlySet<string>,
  selectedEdges: ReadonlySet<string>,
): WeftFlowEdge[] {
  const nodeById = new Map(workflow.nodes.map((n) => [n.id, n] as const));
  return workflow.edges.map((edge) => {
    const bad = invalid.has(edge.id);
    const live = flowing.has(edge.to.node);
    const selected = selectedEdges.has(edge.id);
    const source = nodeById.get(edge.from.node);
    const type = source ? definitionOf(workflow, catalog, source)?.outputs.find((p) => p.name === edge.from.port)?.type : undefined;
    const key = `${bad}|${live}|${selected}|${type}`;
    const entry = edgeCache.get(edge);
    if (entry && entry.key === key) return entry.flow;
    const flow: WeftFlowEdge = {
      id: edge.id,
      source: edge.from.node,
      sourceHandle: edge.from.port,
      target: edge.to.node,
      targetHandle: edge.to.port,
      animated: live,
      selected,
      className: bad ? 'weft-edge invalid' : 'weft-edge',
      style: { stroke: bad ? '#e5534b' : portColor(type), strokeWidth: selected ? 3 : 2, ...(bad ? { strokeDasharray: '6 4' } : {}) },
      data: type ? { type } : {},
    };
    edgeCache.set(edge, { key, flow });
    return flow;
  });
}

/**
 * Equality for memoised node components, which draw from `id`, `data` and `selected` alone: React Flow
 * also passes the node's position, size and drag state, which change on every move and measurement but
 * do not change what the node draws (React Flow places and sizes the wrapper itself).
 */
export function sameNodeProps(a: { id: string; data: WeftNodeData; selected?: boolean }, b: { id: string; data: WeftNodeData; selected?: boolean }): boolean {
  return a.id === b.id && a.data === b.data && a.selected === b.selected;
}
