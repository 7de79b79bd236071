// "Add Replicate model…": look a model version up (models.describe, with the user's token), show what its
// node would be, and add it: its schema under the workflow's `models` and a `model` node that runs it, in
// one undoable step. From then on the node is drawn and compiled from the stored schema, offline.
import { castDraft } from 'immer';
import { addModelNode } from '../../engine';
import { api } from '../api/client';
import { canvas } from '../canvas/canvas-bridge';
import { appStore } from '../store/app-store';
import { setSelection } from '../store/documents';
import { editWorkflow } from '../store/history';
import type { DescribedModel } from '../store/state';
import { toast } from '../store/toasts';

export function openModelPicker(at?: { x: number; y: number }): void {
  if (!appStore.get().active) return;
  const placed = at ?? canvas()?.visibleCentre();
  appStore.update((state) => {
    state.modelPicker = placed ? { at: placed } : {};
    delete state.palette;
  });
}

export function closeModelPicker(): void {
  appStore.update((state) => {
    delete state.modelPicker;
  });
}

/** What models.describe says about `owner/name[:version]`; throws the host's sentence on failure. */
export async function describeModel(ref: string): Promise<DescribedModel> {
  return api()['models.describe']({ ref: ref.trim() });
}

/** Adds the described model to the active workflow as a node at `at` (or right of the graph). */
export function addDescribedModel(described: DescribedModel, at?: { x: number; y: number }): string | undefined {
  const state = appStore.get();
  const doc = state.active ? state.docs[state.active] : undefined;
  if (!doc) return undefined;
  const added = addModelNode(doc.workflow, { ref: described.ref, entry: described.entry, ...(at ? { position: { x: Math.round(at.x), y: Math.round(at.y) } } : {}) });
  if ('error' in added) {
    toast(`Cannot add the model: ${added.error}`, 'error');
    return undefined;
  }
  const id = editWorkflow(doc.documentId, { label: `add model ${described.definition.title}` }, (workflow) => {
    workflow.models ??= {};
    workflow.models[described.ref] = castDraft(described.entry);
    workflow.nodes.push(castDraft(added.node));
    return added.node.id;
  });
  if (id) setSelection(doc.documentId, [id]);
  closeModelPicker();
  return id;
}
