// Edits the user triggers from the keyboard, menus and the palette, on the active document.
import { catalog } from '../../../nodes';
import { connectionRefusal, type NodeDefinition, type PortSpec, type PortType } from '../../engine';
import { canvas } from '../canvas/canvas-bridge';
import { appStore } from '../store/app-store';
import { setSelection } from '../store/documents';
import { editWorkflow, redo, undo } from '../store/history';
import type { PaletteRequest } from '../store/state';
import { toast } from '../store/toasts';
import { tidyPositions } from '../store/layout';
import { addNode, connect, definitionOf, extractFragment, insertFragment, moveNodes, parseFragment, removeEdges, removeNodes, type Fragment } from '../store/workflow-edits';

function active(): string | undefined {
  return appStore.get().active;
}

export function undoActive(): void {
  const id = active();
  if (id && !undo(id)) toast('Nothing to undo', 'info');
}

export function redoActive(): void {
  const id = active();
  if (id && !redo(id)) toast('Nothing to redo', 'info');
}

export function openPalette(request: PaletteRequest = { mode: 'add' }): void {
  if (!active()) return;
  // Where the node goes is decided now: once the palette covers the canvas, the pointer is no longer on it.
  const placed: PaletteRequest = request.mode === 'add' && !request.at ? { mode: 'add', at: canvas()?.visibleCentre() ?? { x: 0, y: 0 } } : request;
  appStore.update((state) => {
    state.palette = placed;
  });
}

export function closePalette(): void {
  appStore.update((state) => {
    delete state.palette;
  });
}

/** The first input of `definition` that takes a value of `type` (for a node added from a dragged output). */
export function inputAccepting(definition: NodeDefinition, type: PortType): PortSpec | undefined {
  return definition.inputs.find((p) => connectionRefusal(type, p) === undefined);
}

/** The first output of `definition` that `input` takes (for a node added from a dragged input). */
export function outputFitting(definition: NodeDefinition, input: PortSpec): PortSpec | undefined {
  return definition.outputs.find((p) => connectionRefusal(p.type, input) === undefined);
}

/** Adds a node of `type` where the palette was opened, connected to the dragged port when there was one. */
export function addNodeFromPalette(type: string, request: PaletteRequest): void {
  const documentId = active();
  const definition = catalog.get(type);
  if (!documentId || !definition) return;
  const at = request.at ?? canvas()?.visibleCentre() ?? { x: 0, y: 0 };
  const id = editWorkflow(documentId, { label: `add ${definition.title}` }, (workflow) => {
    const position = { x: at.x - (request.mode === 'connect' && request.from.side === 'input' ? 300 : 0), y: at.y - 20 };
    const nodeId = addNode(workflow, type, position);
    if (request.mode !== 'connect') return nodeId;
    const fromNode = workflow.nodes.find((n) => n.id === request.from.node);
    const fromDef = fromNode && definitionOf(workflow, catalog, fromNode);
    if (!fromDef) return nodeId;
    if (request.from.side === 'output') {
      const output = fromDef.outputs.find((p) => p.name === request.from.port);
      const input = output && inputAccepting(definition, output.type);
      if (input) connect(workflow, catalog, { node: request.from.node, port: request.from.port }, { node: nodeId, port: input.name });
    } else {
      const input = fromDef.inputs.find((p) => p.name === request.from.port);
      const output = input && outputFitting(definition, input);
      if (output) connect(workflow, catalog, { node: nodeId, port: output.name }, { node: request.from.node, port: request.from.port });
    }
    return nodeId;
  });
  if (id) setSelection(documentId, [id]);
  closePalette();
}

export function deleteSelection(): void {
  const documentId = active();
  const doc = documentId ? appStore.get().docs[documentId] : undefined;
  if (!doc || doc.selection.length === 0) return;
  const ids = [...doc.selection];
  editWorkflow(doc.documentId, { label: `delete ${ids.length} node${ids.length > 1 ? 's' : ''}` }, (workflow) => removeNodes(workflow, ids));
}

export function deleteElements(nodeIds: string[], edgeIds: string[]): void {
  const documentId = active();
  if (!documentId || (nodeIds.length === 0 && edgeIds.length === 0)) return;
  editWorkflow(documentId, { label: nodeIds.length ? `delete ${nodeIds.length} node${nodeIds.length > 1 ? 's' : ''}` : 'delete connection' }, (workflow) => {
    removeEdges(workflow, edgeIds);
    removeNodes(workflow, nodeIds);
  });
}

export function selectionFragment(): Fragment | undefined {
  const documentId = active();
  const doc = documentId ? appStore.get().docs[documentId] : undefined;
  return doc ? extractFragment(doc.workflow, doc.selection) : undefined;
}

export function pasteFragment(fragment: Fragment, at?: { x: number; y: number }): void {
  const documentId = active();
  if (!documentId) return;
  const ids = editWorkflow(documentId, { label: `paste ${fragment.nodes.length} node${fragment.nodes.length > 1 ? 's' : ''}` }, (workflow) => insertFragment(workflow, fragment, at));
  if (ids) setSelection(documentId, ids);
}

/** Pastes clipboard text when it holds Weft nodes; false when it holds something else. */
export function pasteText(text: string, at?: { x: number; y: number }): boolean {
  const fragment = parseFragment(text);
  if (!fragment) return false;
  pasteFragment(fragment, at);
  return true;
}

export function duplicateSelection(): void {
  const fragment = selectionFragment();
  if (fragment) pasteFragment(fragment);
}

export function selectAll(): void {
  const documentId = active();
  const doc = documentId ? appStore.get().docs[documentId] : undefined;
  if (doc) setSelection(doc.documentId, doc.workflow.nodes.map((n) => n.id));
}

/** Lays the graph out in columns by dependency (one undoable step), then fits it in view. */
export function tidyLayout(): void {
  const documentId = active();
  const doc = documentId ? appStore.get().docs[documentId] : undefined;
  if (!doc || doc.workflow.nodes.length === 0) return;
  const positions = tidyPositions(doc.workflow, doc.measured);
  editWorkflow(doc.documentId, { label: 'tidy layout' }, (workflow) => moveNodes(workflow, positions));
  setTimeout(() => canvas()?.fitView(), 50);
}
