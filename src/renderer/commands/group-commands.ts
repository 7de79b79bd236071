// Group, ungroup, and the group library (save a group, list, insert into the workflow, delete). Each edit
// of the workflow is one undoable step; the library lives in the host's data folder (library.* calls).
import { castDraft } from 'immer';
import { groupPackage, slugOf } from '../../engine';
import { api } from '../api/client';
import { ApiCallError } from '../api/api-error';
import { canvas } from '../canvas/canvas-bridge';
import { appStore } from '../store/app-store';
import { setSelection } from '../store/documents';
import { groupNodes, groupOf, insertLibraryGroup, replaceWorkflow, ungroupNode } from '../store/group-edits';
import { editWorkflow } from '../store/history';
import { reportError, toast } from '../store/toasts';
import { askConfirm, askText } from './dialogs';

function activeDoc() {
  const state = appStore.get();
  return state.active ? state.docs[state.active] : undefined;
}

/** Mod+G: the selected nodes become one group node, named by the user. */
export async function groupSelected(): Promise<void> {
  const doc = activeDoc();
  if (!doc || doc.selection.length === 0) {
    toast('Select the nodes to group first (Shift+drag, or Shift+click)', 'info');
    return;
  }
  const name = await askText('Group nodes', `A name for the group of ${doc.selection.length} node${doc.selection.length === 1 ? '' : 's'}`, 'Group');
  if (!name) return;
  // Read again: the workflow may have changed while the prompt was open.
  const current = appStore.get().docs[doc.documentId];
  if (!current) return;
  const result = groupNodes(current.workflow, current.selection.length ? current.selection : doc.selection, name);
  if (!result.ok) {
    toast(`Cannot group: ${result.error}`, 'error');
    return;
  }
  editWorkflow(doc.documentId, { label: `group “${name}”` }, (workflow) => replaceWorkflow(workflow, result.workflow));
  setSelection(doc.documentId, [result.groupNodeId]);
}

/** Mod+Shift+G: the selected group node is replaced by its nodes. */
export function ungroupSelected(): void {
  const doc = activeDoc();
  const target = doc?.selection.length === 1 ? doc.workflow.nodes.find((n) => n.id === doc.selection[0] && n.type === 'group') : undefined;
  if (!doc || !target) {
    toast('Select one group node to ungroup', 'info');
    return;
  }
  ungroupNodeById(doc.documentId, target.id);
}

export function ungroupNodeById(documentId: string, nodeId: string): void {
  const doc = appStore.get().docs[documentId];
  if (!doc) return;
  const result = ungroupNode(doc.workflow, nodeId);
  if (!result.ok) {
    toast(`Cannot ungroup: ${result.error}`, 'error');
    return;
  }
  editWorkflow(documentId, { label: 'ungroup' }, (workflow) => replaceWorkflow(workflow, result.workflow));
  setSelection(documentId, result.nodeIds);
}

export async function refreshLibrary(): Promise<void> {
  try {
    const list = await api()['library.list']({});
    appStore.update((state) => {
      state.library = castDraft(list);
    });
  } catch (error) {
    reportError(error, 'Could not read the group library');
  }
}

export function toggleLibrary(open?: boolean): void {
  appStore.update((state) => {
    state.libraryOpen = open ?? !state.libraryOpen;
    // One side panel at a time: the canvas keeps its room.
    if (state.libraryOpen) state.galleryOpen = false;
  });
  if (appStore.get().libraryOpen) void refreshLibrary();
}

/** A library name the host accepts: lowercase letters, digits, - and _. */
function libraryIdFrom(text: string): string {
  return slugOf(text, 'group').replace(/[^a-z0-9_-]/g, '-').slice(0, 64);
}

/** Saves the group a group node uses to the library, asking before replacing one of the same name. */
export async function saveGroupToLibrary(documentId: string, nodeId: string): Promise<void> {
  const doc = appStore.get().docs[documentId];
  const node = doc?.workflow.nodes.find((n) => n.id === nodeId);
  const group = doc && node ? groupOf(doc.workflow, node) : undefined;
  if (!doc || !group) {
    toast('Select a group node to save it to the library', 'info');
    return;
  }
  const built = groupPackage(doc.workflow, group.id);
  if (!built.ok) {
    toast(`Cannot save the group: ${built.error}`, 'error');
    return;
  }
  const typed = await askText('Save group to library', 'Library name (lowercase letters, digits, - and _)', libraryIdFrom(group.name));
  if (!typed) return;
  const id = libraryIdFrom(typed);
  const { group: saved, groups, assets, models } = built.package;
  try {
    let replace = false;
    for (;;) {
      try {
        const { entry } = await api()['library.save']({ group: saved, groups, assets, models, id, replace });
        toast(`Saved “${entry.name}” to the library as ${entry.id}`, 'success');
        break;
      } catch (error) {
        if (!(error instanceof ApiCallError && error.code === 'conflict') || replace) throw error;
        const choice = await askConfirm({ title: 'Replace library group?', message: `The library already has a group named ${id}. Replace it with “${group.name}”?`, confirm: 'Replace' });
        if (choice !== 'confirm') return;
        replace = true;
      }
    }
    await refreshLibrary();
  } catch (error) {
    reportError(error, 'Could not save the group to the library');
  }
}

export async function saveSelectedGroupToLibrary(): Promise<void> {
  const doc = activeDoc();
  const target = doc?.selection.length === 1 ? doc.workflow.nodes.find((n) => n.id === doc.selection[0] && n.type === 'group') : undefined;
  if (!doc || !target) {
    toast('Select one group node to save it to the library', 'info');
    return;
  }
  await saveGroupToLibrary(doc.documentId, target.id);
}

/** Adds a library group to the active workflow (its definitions, images and schemas) and a node using it. */
export async function insertFromLibrary(id: string): Promise<void> {
  const doc = activeDoc();
  if (!doc) {
    toast('Open a workflow to insert the group into', 'info');
    return;
  }
  try {
    const loaded = await api()['library.load']({ id });
    const current = appStore.get().docs[doc.documentId];
    if (!current) return;
    const at = canvas()?.visibleCentre() ?? { x: 0, y: 0 };
    const inserted = insertLibraryGroup(current.workflow, loaded, at);
    editWorkflow(doc.documentId, { label: `insert group ${loaded.group.name}` }, (workflow) => replaceWorkflow(workflow, inserted.workflow));
    setSelection(doc.documentId, [inserted.nodeId]);
    const renamed = Object.entries(inserted.renamed);
    toast(
      renamed.length
        ? `Inserted “${loaded.group.name}”; group ${renamed.map(([from, to]) => `${from} is ${to}`).join(', ')} here (the workflow had a different group by that id)`
        : `Inserted “${loaded.group.name}”`,
      'success',
    );
  } catch (error) {
    reportError(error, 'Could not insert the group');
  }
}

export async function deleteFromLibrary(id: string, name: string): Promise<void> {
  const choice = await askConfirm({ title: 'Delete library group?', message: `Delete “${name}” (${id}) from the library? Workflows that use it keep their own copy.`, confirm: 'Delete' });
  if (choice !== 'confirm') return;
  try {
    await api()['library.delete']({ id });
    toast(`Deleted ${id} from the library`, 'success');
    await refreshLibrary();
  } catch (error) {
    reportError(error, 'Could not delete the library group');
  }
}
