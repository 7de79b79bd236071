// The windows we created, each with what belongs to it (its API handler, its unsaved-changes guard).
// IPC sender checks and event delivery ask this registry, so a webContents we did not create is never
// trusted and never told anything.
import type { BrowserWindow, WebContents } from 'electron';

export class WindowRegistry<Extra> {
  private readonly entries = new Map<BrowserWindow, Extra>();

  add(window: BrowserWindow, extra: Extra): void {
    this.entries.set(window, extra);
    window.once('closed', () => this.entries.delete(window));
  }

  /** The entry whose window shows `contents`; undefined for any other webContents. */
  find(contents: WebContents): { window: BrowserWindow; extra: Extra } | undefined {
    for (const [window, extra] of this.entries) {
      if (!window.isDestroyed() && window.webContents === contents) return { window, extra };
    }
    return undefined;
  }

  extraOf(window: BrowserWindow): Extra | undefined {
    return this.entries.get(window);
  }

  windows(): BrowserWindow[] {
    return [...this.entries.keys()].filter((window) => !window.isDestroyed());
  }

  webContents(): WebContents[] {
    return this.windows().map((window) => window.webContents);
  }

  /** The focused window if it is ours, else the most recently created one. */
  preferred(focused: BrowserWindow | null): BrowserWindow | undefined {
    const open = this.windows();
    if (focused && open.includes(focused)) return focused;
    return open.at(-1);
  }
}
