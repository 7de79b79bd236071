// Starting the editor: learn about the host, subscribe to its events, offer to restore unsaved work,
// and keep the window title and the desktop host's dirty flag in step with the documents.
import { castDraft } from 'immer';
import type { ApiEvent } from '../../api';
import { api, onConnectionChange } from '../api/client';
import { setImageBase } from '../lib/images';
import { activeDoc, appStore } from '../store/app-store';
import { startAutosave } from '../store/autosave';
import { startCompileLoop } from '../store/compile-loop';
import { openDocument } from '../store/documents';
import { isDirty } from '../store/history';
import { reportError } from '../store/toasts';
import { runHostCommand } from './host-commands';
import { handleGridEvent, handleRunEvent } from './run-commands';
import { rememberSession, restoreSession } from './session';

export async function boot(): Promise<void> {
  onConnectionChange((connection) => {
    if (appStore.get().connection !== connection) appStore.update((s) => void (s.connection = connection));
  });
  api().onEvent(handleEvent);
  startCompileLoop();
  startAutosave();
  syncTitle();
  try {
    const info = await api()['app.info']({});
    setImageBase(info.imageBase);
    appStore.update((s) => void (s.info = castDraft(info)));
  } catch (error) {
    reportError(error, 'Weft’s host did not answer');
    return;
  }
  await Promise.all([refreshTokenStatus(), loadRecoveryOffer()]);
  await restoreSession();
  rememberSession();
}

function handleEvent(event: ApiEvent): void {
  if (event.channel === 'run') handleRunEvent(event.event);
  else if (event.channel === 'command') runHostCommand(event.command);
  else if (event.channel === 'document-opened') openDocument(event.document);
  else if (event.channel === 'grid') handleGridEvent(event);
}

export async function refreshTokenStatus(): Promise<void> {
  try {
    const status = await api()['token.status']({});
    appStore.update((s) => void (s.tokenStatus = status));
  } catch (error) {
    reportError(error, 'Could not read the token status');
  }
}

async function loadRecoveryOffer(): Promise<void> {
  try {
    const { entries } = await api()['recovery.list']({});
    // The host also lists documents this window still has open (their copy outlives a reload): not those.
    appStore.update((s) => void (s.recoveryOffer = entries.filter((e) => !s.docs[e.documentId])));
  } catch (error) {
    reportError(error, 'Could not look for unsaved work to restore');
  }
}

/** The title says which workflow is open and whether it has unsaved changes (•). */
function syncTitle(): void {
  let last = '';
  let lastDirty: string | undefined;
  const update = () => {
    const state = appStore.get();
    const doc = activeDoc(state);
    const dirty = doc ? isDirty(doc) : false;
    const title = doc ? `${dirty ? '• ' : ''}${doc.name} — Weft` : 'Weft';
    if (title !== last) {
      last = title;
      document.title = title;
    }
    // The desktop host asks before closing a window with unsaved work: it is told whenever the set of
    // unsaved documents changes (the browser host ignores it; the page's beforeunload covers browsers).
    const names = state.order.map((id) => state.docs[id]!).filter(isDirty).map((d) => d.name.slice(0, 255));
    const key = names.join('\u0000');
    if (key !== lastDirty) {
      lastDirty = key;
      api()['window.setDirty']({ dirty: names.length > 0, names: names.slice(0, 100) }).catch(() => {});
    }
  };
  update();
  appStore.subscribe(update);
  window.addEventListener('beforeunload', (event) => {
    if (Object.values(appStore.get().docs).some(isDirty) && appStore.get().info?.host !== 'electron') event.preventDefault();
  });
}
