// The webPreferences of every window we open, one flag per item of the Electron security checklist
// (shared/reference/users.md). Kept in one place so a test can assert each flag and nobody "temporarily"
// loosens one in the window code.
import type { WebPreferences } from 'electron';

export interface WebPreferencesOptions {
  /** Absolute path of the built preload (out/preload/index.cjs). */
  preloadPath: string;
  /** DevTools are available only in development builds. */
  development: boolean;
}

export function hardenedWebPreferences({ preloadPath, development }: WebPreferencesOptions): WebPreferences {
  return {
    preload: preloadPath,
    // 4. Every renderer sandboxed (app.enableSandbox() also forces it for any other webContents).
    sandbox: true,
    // 3. The preload's world is isolated from the page's.
    contextIsolation: true,
    // 2. No Node in the page, its workers or its sub-frames.
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    // 6. and 8. Same-origin policy on; no http content in our https-like origin.
    webSecurity: true,
    allowRunningInsecureContent: false,
    // 9. and 10. No experimental web platform or Blink features.
    experimentalFeatures: false,
    // 11. No <webview> (will-attach-webview is refused as well).
    webviewTag: false,
    // A dropped file must reach the renderer's drop handler, never replace the page.
    navigateOnDragDrop: false,
    // Stops a page from locking the user in with endless alert() loops.
    safeDialogs: true,
    devTools: development,
  };
}
