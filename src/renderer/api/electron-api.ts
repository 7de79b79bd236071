// The API inside the desktop app: the preload's `window.weft`, one named method per call. The preload
// unwraps the host's envelopes: a method resolves with the answer itself, or rejects with an Error whose
// message is "[<code>] <sentence>" (contextBridge keeps only an Error's message).
import { API, ApiErrorSchema, ApiEventSchema, preloadName, type ApiEvent, type ApiMethod, type WeftApi } from '../../api';
import { ApiCallError, errorMessage } from './api-error';

type Bridge = Record<string, unknown> & { onEvent?: (listener: (event: unknown) => void) => () => void };

export function desktopBridge(): Bridge | undefined {
  const candidate = (globalThis as { weft?: unknown }).weft;
  return typeof candidate === 'object' && candidate !== null ? (candidate as Bridge) : undefined;
}

const CODED = /^\[([a-z-]+)\] ([\s\S]*)$/;

/** Turns the preload's rejection back into the code and sentence the host sent. */
export function fromBridgeError(method: string, error: unknown): ApiCallError {
  const message = errorMessage(error).replace(/^Error invoking remote method '[^']*': (?:Error: )?/, '');
  const match = CODED.exec(message);
  const code = ApiErrorSchema.shape.code.safeParse(match?.[1]);
  if (match && code.success) return new ApiCallError(match[2]!, code.data, method);
  return new ApiCallError(message, 'internal', method);
}

export function createElectronApi(bridge: Bridge): WeftApi {
  const api: Record<string, unknown> = {};
  for (const method of Object.keys(API) as ApiMethod[]) {
    const name = preloadName(method);
    api[method] = async (request: unknown) => {
      const fn = bridge[name];
      if (typeof fn !== 'function') throw new ApiCallError(`${method} is not available in this version of the app`, 'not-found', method);
      try {
        return await (fn as (r: unknown) => Promise<unknown>)(request ?? {});
      } catch (error) {
        throw fromBridgeError(method, error);
      }
    };
  }
  api.onEvent = (listener: (event: ApiEvent) => void) => {
    if (!bridge.onEvent) return () => {};
    return bridge.onEvent((event) => {
      const parsed = ApiEventSchema.safeParse(event);
      if (parsed.success) listener(parsed.data);
    });
  };
  return api as WeftApi;
}
