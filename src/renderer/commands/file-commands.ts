// New, open (dialog, recent, example, a dropped or picked .weft), save, save as, close. The desktop host
// shows native dialogs; in a browser the user picks files with <input type=file> and types save paths.
import type { DocumentPayload } from '../../api';
import type { Workflow } from '../../engine';
import { api } from '../api/client';
import { canvas } from '../canvas/canvas-bridge';
import { appStore } from '../store/app-store';
import { discardRecovery } from '../store/autosave';
import { closeDocument, markSaved, openDocument, stepNow } from '../store/documents';
import { isDirty } from '../store/history';
import { forgetViews } from '../store/node-view';
import { reportError, toast } from '../store/toasts';
import { askConfirm, askPath, pickFile } from './dialogs';

function inBrowser(): boolean {
  return appStore.get().info?.host !== 'electron';
}

/** Opens what workflow.open answered in a tab, saying so when it loaded with warnings or migrations. */
export function opened(result: { document: DocumentPayload } | { canceled: true }): boolean {
  if (!('document' in result)) return false;
  openDocument(result.document);
  const warnings = result.document.warnings;
  if (warnings.length) toast(`Opened with ${warnings.length} warning${warnings.length > 1 ? 's' : ''}: ${warnings[0]!.message}`, 'info');
  if (result.document.migrations.length) toast(`This file was written by an older Weft and was updated on opening (saved when you save)`, 'info');
  return true;
}

export async function newDocument(): Promise<void> {
  try {
    const { document } = await api()['workflow.new']({});
    openDocument(document);
  } catch (error) {
    reportError(error, 'Could not create a workflow');
  }
}

export async function openWorkflow(): Promise<void> {
  try {
    if (inBrowser()) {
      const file = await pickFile('.weft,application/json');
      if (file) await openWorkflowFile(file);
      return;
    }
    opened(await api()['workflow.open']({ kind: 'dialog' }));
  } catch (error) {
    reportError(error, 'Could not open the workflow');
  }
}

/** A .weft the user picked or dropped on the window. */
export async function openWorkflowFile(file: File): Promise<void> {
  try {
    const text = await file.text();
    opened(await api()['workflow.open']({ kind: 'text', name: file.name, text }));
  } catch (error) {
    reportError(error, `Could not open ${file.name}`);
  }
}

export async function openRecent(id: string): Promise<void> {
  try {
    opened(await api()['workflow.open']({ kind: 'recent', id }));
  } catch (error) {
    reportError(error, 'Could not open the workflow');
  }
}

export async function openExample(id: string): Promise<void> {
  try {
    opened(await api()['workflow.open']({ kind: 'example', id }));
  } catch (error) {
    reportError(error, 'Could not open the example');
  }
}

/** The workflow as saved: the editor's viewport goes in `ui`, which no compile ever reads. */
function forSaving(workflow: Workflow, isActive: boolean): Workflow {
  const viewport = isActive ? canvas()?.viewport() : undefined;
  if (!viewport) return workflow;
  return { ...workflow, ui: { ...(workflow.ui ?? {}), viewport } };
}

export async function save(documentId = appStore.get().active): Promise<boolean> {
  const doc = documentId ? appStore.get().docs[documentId] : undefined;
  if (!doc) return false;
  const step = stepNow(doc.documentId);
  try {
    const result = await api()['workflow.save']({ documentId: doc.documentId, workflow: forSaving(doc.workflow, appStore.get().active === doc.documentId) });
    if ('saved' in result && result.saved) {
      markSaved(doc.documentId, step, result);
      toast(`Saved ${result.displayPath}`, 'success');
      return true;
    }
    if ('needsTarget' in result) return saveAs(doc.documentId);
    return false;
  } catch (error) {
    reportError(error, 'Could not save');
    return false;
  }
}

/**
 * Every unsaved document, in tab order (an untitled one asks where to go); stops at the first that is not
 * saved, so a canceled dialog or a failed write leaves it, and the ones after it, open and unsaved.
 */
export async function saveAll(): Promise<boolean> {
  for (const id of [...appStore.get().order]) {
    const doc = appStore.get().docs[id];
    if (doc && isDirty(doc) && !(await save(id))) return false;
  }
  return true;
}

export async function saveAs(documentId = appStore.get().active): Promise<boolean> {
  const doc = documentId ? appStore.get().docs[documentId] : undefined;
  if (!doc) return false;
  let target: { kind: 'dialog' } | { kind: 'path'; path: string } = { kind: 'dialog' };
  if (inBrowser()) {
    const suggested = doc.displayPath ?? `${doc.name.replace(/[\\/:*?"<>|]+/g, '-') || 'workflow'}.weft`;
    const path = await askPath('Save workflow as', 'Where to save it: a path on the computer running Weft, ending in .weft', suggested);
    if (!path) return false;
    target = { kind: 'path', path };
  }
  const step = stepNow(doc.documentId);
  try {
    const result = await api()['workflow.saveAs']({ documentId: doc.documentId, workflow: forSaving(doc.workflow, appStore.get().active === doc.documentId), target });
    if ('saved' in result && result.saved) {
      markSaved(doc.documentId, step, result);
      toast(`Saved ${result.displayPath}`, 'success');
      return true;
    }
    return false;
  } catch (error) {
    reportError(error, 'Could not save');
    return false;
  }
}

/** Closes a tab, asking first when it has unsaved changes. */
export async function closeTab(documentId = appStore.get().active): Promise<boolean> {
  const doc = documentId ? appStore.get().docs[documentId] : undefined;
  if (!doc) return false;
  if (isDirty(doc)) {
    const choice = await askConfirm({
      title: 'Unsaved changes',
      message: `“${doc.name}” has changes that are not saved. Save them before closing?`,
      confirm: 'Save',
      alternative: 'Discard changes',
    });
    if (choice === 'cancel') return false;
    if (choice === 'confirm' && !(await save(doc.documentId))) return false;
  }
  closeDocument(doc.documentId);
  forgetViews(doc.documentId);
  void discardRecovery(doc.documentId);
  return true;
}
