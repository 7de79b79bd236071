// The app API over IPC: one ipcMain.handle channel per method of the API map (channel = method name).
// Each checks its sender first, then hands the payload to the API handler of the sender's window (the
// shared createApiHandler, which validates it with the method's schema). Answers are ApiReply
// envelopes; nothing is thrown across IPC.
import { ipcMain, type WebContents } from 'electron';
import { API, type ApiMethod } from '../../api/contract';
import type { ApiReply } from '../../api/handler';
import type { RendererOrigins } from '../app-origin';
import { checkSender } from './trusted-sender';

export type ApiHandle = (method: string, payload: unknown) => Promise<ApiReply>;

export const API_METHODS = Object.keys(API) as ApiMethod[];

export interface IpcApiOptions extends RendererOrigins {
  /** The API handler of the window showing `contents`; undefined for a webContents that is not ours. */
  handlerFor(contents: WebContents): ApiHandle | undefined;
  log(message: string): void;
}

const REFUSED: ApiReply = { ok: false, error: { code: 'bad-request', error: 'this caller may not use the Weft API' } };

export function serveApiOverIpc(options: IpcApiOptions): () => void {
  const policy = { ...options, isOurWebContents: (contents: WebContents) => options.handlerFor(contents) !== undefined };
  for (const method of API_METHODS) {
    ipcMain.handle(method, async (event, payload: unknown): Promise<ApiReply> => {
      const verdict = checkSender(event, policy);
      const handle = verdict.trusted ? options.handlerFor(event.sender) : undefined;
      if (!handle) {
        options.log(`refused ${method}: ${verdict.trusted ? 'window closed' : verdict.reason}`);
        return REFUSED;
      }
      return handle(method, payload);
    });
  }
  return () => API_METHODS.forEach((method) => ipcMain.removeHandler(method));
}
