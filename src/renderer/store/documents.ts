// Opening, switching and closing documents (tabs), and remembering that one was saved.
import { castDraft } from 'immer';
import type { DocumentPayload } from '../../api';
import { appStore } from './app-store';
import { currentStepId } from './history';
import type { DocState } from './state';

export function openDocument(payload: DocumentPayload, options: { dirty?: boolean } = {}): void {
  const viewport = readViewport(payload.workflow.ui);
  const doc: DocState = {
    documentId: payload.documentId,
    name: payload.name,
    ...(payload.displayPath ? { displayPath: payload.displayPath } : {}),
    workflow: payload.workflow,
    past: [],
    future: [],
    // A restored document differs from its file (or has none): it starts dirty.
    savedStepId: options.dirty ? -1 : 0,
    loadWarnings: [...payload.warnings],
    outputs: {},
    lastSeeds: {},
    grids: {},
    selection: [],
    measured: {},
    ...(viewport ? { viewport } : {}),
  };
  appStore.update((state) => {
    const existing = state.docs[payload.documentId];
    if (existing && !options.dirty) {
      state.active = payload.documentId;
      return;
    }
    state.docs[payload.documentId] = castDraft(doc);
    if (!state.order.includes(payload.documentId)) state.order.push(payload.documentId);
    state.active = payload.documentId;
  });
}

function readViewport(ui: Record<string, unknown> | undefined): DocState['viewport'] {
  const v = ui?.viewport as { x?: unknown; y?: unknown; zoom?: unknown } | undefined;
  if (!v || typeof v.x !== 'number' || typeof v.y !== 'number' || typeof v.zoom !== 'number') return undefined;
  if (![v.x, v.y, v.zoom].every(Number.isFinite) || v.zoom <= 0) return undefined;
  return { x: v.x, y: v.y, zoom: v.zoom };
}

export function activate(documentId: string): void {
  appStore.update((state) => {
    if (state.docs[documentId]) state.active = documentId;
  });
}

export function closeDocument(documentId: string): void {
  appStore.update((state) => {
    delete state.docs[documentId];
    const index = state.order.indexOf(documentId);
    if (index >= 0) state.order.splice(index, 1);
    if (state.active === documentId) state.active = state.order[Math.min(index, state.order.length - 1)];
  });
}

export function markSaved(documentId: string, savedStepId: number, file: { name: string; displayPath: string }): void {
  appStore.update((state) => {
    const d = state.docs[documentId];
    if (!d) return;
    d.savedStepId = savedStepId;
    d.name = file.name;
    d.displayPath = file.displayPath;
  });
}

export function stepNow(documentId: string): number {
  const doc = appStore.get().docs[documentId];
  return doc ? currentStepId(doc) : 0;
}

export function setSelection(documentId: string, ids: string[]): void {
  appStore.update((state) => {
    const d = state.docs[documentId];
    if (!d) return;
    const same = d.selection.length === ids.length && d.selection.every((id, i) => id === ids[i]);
    if (!same) d.selection = ids;
  });
}
