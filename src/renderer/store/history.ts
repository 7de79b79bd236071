// Undo and redo over immer patches. Every change to a workflow goes through `editWorkflow`, so every
// change can be undone; continuous gestures (typing, dragging a slider) merge into one step.
import { applyPatches, castDraft, produceWithPatches } from 'immer';
import type { Workflow } from '../../engine';
import { appStore } from './app-store';
import type { DocState, Step } from './state';
import type { WorkflowDraft } from './workflow-edits';

const MERGE_WINDOW_MS = 1200;
const MAX_STEPS = 500;
let nextStepId = 1;

export function currentStepId(doc: Pick<DocState, 'past'>): number {
  return doc.past.at(-1)?.id ?? 0;
}

export function isDirty(doc: Pick<DocState, 'past' | 'savedStepId'>): boolean {
  return currentStepId(doc) !== doc.savedStepId;
}

export interface EditOptions {
  label: string;
  mergeKey?: string;
}

/** Applies `recipe` to a document's workflow as one undoable step; returns what the recipe returned. */
export function editWorkflow<T>(documentId: string, options: EditOptions, recipe: (workflow: WorkflowDraft) => T): T | undefined {
  const doc = appStore.get().docs[documentId];
  if (!doc) return undefined;
  let result: T | undefined;
  const [next, patches, inverse] = produceWithPatches(doc.workflow, (draft) => {
    result = recipe(draft);
  });
  if (patches.length === 0) return result;
  const now = Date.now();
  appStore.update((state) => {
    const d = state.docs[documentId];
    if (!d) return;
    d.workflow = castDraft(next);
    d.future = [];
    const top = d.past.at(-1);
    const merge = options.mergeKey && top && top.mergeKey === options.mergeKey && now - top.at < MERGE_WINDOW_MS && top.id !== d.savedStepId;
    if (merge && top) {
      top.patches = castDraft([...(top.patches as Step['patches']), ...patches]);
      top.inverse = castDraft([...inverse, ...(top.inverse as Step['inverse'])]);
      top.at = now;
    } else {
      d.past.push(castDraft({ id: nextStepId++, patches, inverse, at: now, label: options.label, ...(options.mergeKey ? { mergeKey: options.mergeKey } : {}) }));
      if (d.past.length > MAX_STEPS) d.past.shift();
    }
    pruneSelection(d.selection, next);
  });
  return result;
}

export function undo(documentId: string): string | undefined {
  const doc = appStore.get().docs[documentId];
  const step = doc?.past.at(-1);
  if (!doc || !step) return undefined;
  const workflow = applyPatches(doc.workflow, step.inverse);
  appStore.update((state) => {
    const d = state.docs[documentId];
    if (!d) return;
    d.workflow = castDraft(workflow);
    d.past.pop();
    d.future.push(castDraft({ ...step, mergeKey: undefined }));
    pruneSelection(d.selection, workflow);
  });
  return step.label;
}

export function redo(documentId: string): string | undefined {
  const doc = appStore.get().docs[documentId];
  const step = doc?.future.at(-1);
  if (!doc || !step) return undefined;
  const workflow = applyPatches(doc.workflow, step.patches);
  appStore.update((state) => {
    const d = state.docs[documentId];
    if (!d) return;
    d.workflow = castDraft(workflow);
    d.future.pop();
    d.past.push(castDraft(step));
    pruneSelection(d.selection, workflow);
  });
  return step.label;
}

function pruneSelection(selection: string[], workflow: Workflow): void {
  const ids = new Set(workflow.nodes.map((n) => n.id));
  for (let i = selection.length - 1; i >= 0; i--) if (!ids.has(selection[i]!)) selection.splice(i, 1);
}
