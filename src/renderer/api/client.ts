// The one API instance of this window: the desktop bridge when there is one, HTTP otherwise.
import type { WeftApi } from '../../api';
import { createElectronApi, desktopBridge } from './electron-api';
import { createHttpApi, type ConnectionListener } from './http-api';

let instance: WeftApi | undefined;
const connectionListeners = new Set<ConnectionListener>();

export function api(): WeftApi {
  if (!instance) {
    const bridge = desktopBridge();
    instance = bridge ? createElectronApi(bridge) : createHttpApi('', (state) => connectionListeners.forEach((l) => l(state)));
  }
  return instance;
}

export function onConnectionChange(listener: ConnectionListener): () => void {
  connectionListeners.add(listener);
  return () => connectionListeners.delete(listener);
}
