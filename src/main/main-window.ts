// The editor window: hardened webPreferences, remembered bounds, shown once painted (no white flash),
// and loaded from app://weft (or the Vite dev server in development), never from file://.
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { hardenedWebPreferences, type WebPreferencesOptions } from './security/web-preferences';
import type { WindowState } from './window-state';

/** The editor's layout holds from 1280x720; below this it would clip panels. */
export const MIN_WIDTH = 1024;
export const MIN_HEIGHT = 640;
const BACKGROUND = '#16181d';

export function mainWindowOptions(state: WindowState, preferences: WebPreferencesOptions): BrowserWindowConstructorOptions {
  return {
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: 'Weft',
    backgroundColor: BACKGROUND,
    webPreferences: hardenedWebPreferences(preferences),
  };
}

export function createMainWindow(
  state: WindowState,
  preferences: WebPreferencesOptions,
  rendererUrl: string,
  log: (message: string) => void,
): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(state, preferences));
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.loadURL(rendererUrl).catch((error: unknown) => log(`cannot load the editor from ${rendererUrl}: ${String(error)}`));
  return window;
}

/** What to remember of a window when it closes: its normal (unmaximized) bounds and whether it was maximized. */
export function windowStateOf(window: BrowserWindow): WindowState {
  const bounds = window.getNormalBounds();
  return { width: bounds.width, height: bounds.height, x: bounds.x, y: bounds.y, maximized: window.isMaximized() };
}
