// Autosave of every open document with unsaved changes to the host's recovery store, so that after a
// crash or a kill the next start offers to restore it. A saved (clean) document's recovery copy is
// discarded: the file on disk is the truth again.
import type { Workflow } from '../../engine';
import { api } from '../api/client';
import { appStore } from './app-store';
import { isDirty } from './history';

const DEBOUNCE_MS = 800;

interface Tracked {
  workflow?: Workflow;
  timer?: ReturnType<typeof setTimeout>;
  hasRecoveryCopy: boolean;
}

const tracked = new Map<string, Tracked>();
export function startAutosave(): () => void {
  const check = () => {
    const { docs } = appStore.get();
    for (const doc of Object.values(docs)) {
      const entry = tracked.get(doc.documentId) ?? { hasRecoveryCopy: false };
      tracked.set(doc.documentId, entry);
      if (!isDirty(doc)) {
        clearTimeout(entry.timer);
        entry.workflow = doc.workflow;
        if (entry.hasRecoveryCopy) {
          entry.hasRecoveryCopy = false;
          void discardRecovery(doc.documentId);
        }
        continue;
      }
      if (entry.workflow === doc.workflow) continue;
      entry.workflow = doc.workflow;
      clearTimeout(entry.timer);
      entry.timer = setTimeout(() => void autosaveNow(doc.documentId), DEBOUNCE_MS);
    }
    for (const id of tracked.keys()) if (!docs[id]) tracked.delete(id);
  };
  check();
  return appStore.subscribe(check);
}

async function autosaveNow(documentId: string): Promise<void> {
  const doc = appStore.get().docs[documentId];
  if (!doc || !isDirty(doc)) return;
  try {
    const { savedAt } = await api()['recovery.autosave']({
      documentId,
      workflow: doc.workflow,
      name: doc.name,
      ...(doc.displayPath ? { displayPath: doc.displayPath } : {}),
    });
    const entry = tracked.get(documentId);
    if (entry) entry.hasRecoveryCopy = true;
    appStore.update((state) => {
      const d = state.docs[documentId];
      if (d) d.autosavedAt = savedAt;
    });
  } catch {
    // The next edit tries again; a lost host is already shown by the connection banner.
  }
}

export async function discardRecovery(documentId: string): Promise<void> {
  try {
    await api()['recovery.discard']({ documentId });
  } catch {
    // Nothing to discard, or the host is gone: either way there is nothing more to do.
  }
}
