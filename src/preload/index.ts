// The preload: the renderer's only door to the main process (checklist item 20). It exposes `window.weft`
// with one named function per API call, each invoking that call's fixed IPC channel, and `onEvent`. No
// ipcRenderer, no generic invoke/send, and the IPC event object never reaches the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_METHOD_NAMES, exposedName } from './api-methods';

/** Mirrors EVENT_CHANNEL in src/main/ipc/event-broadcast.ts. */
const EVENT_CHANNEL = 'weft:event';

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; error: string } };

/**
 * An error the page can act on. contextBridge copies only an Error's message across worlds, so the code
 * is also at the start of the message as "[code] ", documented in docs/app-api.md.
 */
function apiError(method: string, reply: unknown): Error {
  const failure = (reply as { error?: { code?: unknown; error?: unknown } } | null)?.error;
  const code = typeof failure?.code === 'string' ? failure.code : 'internal';
  const message = typeof failure?.error === 'string' ? failure.error : `${method} failed`;
  return Object.assign(new Error(`[${code}] ${message}`), { code });
}

function callFor(method: string) {
  return async (request?: unknown): Promise<unknown> => {
    const reply = (await ipcRenderer.invoke(method, request ?? {})) as Reply;
    if (reply && reply.ok === true) return reply.value;
    throw apiError(method, reply);
  };
}

function onEvent(listener: (event: unknown) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
  const forward = (_ipcEvent: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(EVENT_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  };
}

const api: Record<string, unknown> = Object.fromEntries(API_METHOD_NAMES.map((method) => [exposedName(method), callFor(method)]));
api.onEvent = onEvent;

contextBridge.exposeInMainWorld('weft', Object.freeze(api));
