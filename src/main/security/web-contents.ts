// Rules for every webContents the app ever creates (checklist items 11 to 14), attached from
// app.on('web-contents-created') so no window, not even one created by mistake later, escapes them.
import type { WebContents } from 'electron';
import { isDevServerUrl, type RendererOrigins } from '../app-origin';
import { openExternalIfAllowed } from './external-links';

export function hardenWebContents(contents: WebContents, origins: RendererOrigins, log: (message: string) => void): void {
  // 13. The renderer is a single page: it never navigates. Only the dev server may reload itself.
  contents.on('will-navigate', (event) => {
    if (isDevServerUrl(event.url, origins)) return;
    event.preventDefault();
    log(`blocked navigation to ${event.url.slice(0, 200)}`);
  });
  // Sub-frames (there should be none: CSP has no frame-src) may not navigate either.
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame) return; // handled by will-navigate above
    event.preventDefault();
  });
  // 14. No new windows; a link to an allow-listed https page opens in the user's browser instead.
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url, log);
    return { action: 'deny' };
  });
  // 12. <webview> is off in webPreferences; refuse any attempt to attach one anyway.
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('blocked a <webview>');
  });
}
