// A hand-written stand-in for the parts of `electron` the main process uses (no Electron binary can run
// here). Tests mock 'electron' with this module and inspect what the code under test did to it.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Listener = (...args: any[]) => unknown;

let nextId = 1;

export class FakeFrame {
  readonly processId: number;
  readonly routingId: number;
  constructor(
    public url: string,
    public parent: FakeFrame | null = null,
    ids?: { processId: number; routingId: number },
  ) {
    this.processId = ids?.processId ?? 1;
    this.routingId = ids?.routingId ?? nextId++;
  }
  get top(): FakeFrame {
    return this.parent ? this.parent.top : this;
  }
}

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  mainFrame: FakeFrame;
  destroyed = false;
  constructor(url = 'app://weft/index.html') {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getURL() {
    return this.mainFrame.url;
  }
  /** Emits an event the way Electron does for will-navigate & co: an event object with preventDefault. */
  fire(name: string, details: Record<string, unknown> = {}, ...rest: unknown[]) {
    const event = { ...details, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit(name, event, ...rest);
    return event;
  }
}

export class BrowserWindow extends EventEmitter {
  static all: BrowserWindow[] = [];
  static focused: BrowserWindow | null = null;
  static getAllWindows() {
    return BrowserWindow.all.filter((w) => !w.destroyed);
  }
  static getFocusedWindow() {
    return BrowserWindow.focused;
  }
  static fromWebContents(contents: unknown) {
    return BrowserWindow.all.find((w) => w.webContents === contents) ?? null;
  }

  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  destroyed = false;
  maximized = false;
  shown = false;
  bounds = { x: 10, y: 20, width: 1400, height: 880 };
  constructor(readonly options: Record<string, any>) {
    super();
    BrowserWindow.all.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  show() {
    this.shown = true;
  }
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  getNormalBounds() {
    return this.bounds;
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** Like Electron: 'close' may be prevented; otherwise the window is destroyed and 'closed' follows. */
  close() {
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroy();
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

class FakeApp extends EventEmitter {
  isPackaged = true;
  name = 'Weft';
  paths: Record<string, string> = { userData: '/tmp/weft-fake-user-data' };
  singleInstance = true;
  sandboxEnabled = false;
  quitCalls = 0;
  private readyResolve!: () => void;
  private ready = new Promise<void>((resolve) => (this.readyResolve = resolve));
  enableSandbox() {
    this.sandboxEnabled = true;
  }
  requestSingleInstanceLock() {
    return this.singleInstance;
  }
  whenReady() {
    return this.ready;
  }
  becomeReady() {
    this.readyResolve();
    this.emit('ready');
  }
  getPath(name: string) {
    const value = this.paths[name];
    if (!value) throw new Error(`no fake path ${name}`);
    return value;
  }
  setPath(name: string, value: string) {
    this.paths[name] = value;
  }
  getVersion() {
    return '0.1.0-test';
  }
  getAppPath() {
    return process.cwd();
  }
  quit() {
    this.quitCalls++;
  }
  exit() {}
  addRecentDocument() {}
}
export const app = new FakeApp();

class FakeSession extends EventEmitter {
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  devicePermissionHandler: Listener | null = null;
  displayMediaRequestHandler: Listener | null = null;
  setPermissionRequestHandler(h: Listener | null) {
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: Listener | null) {
    this.permissionCheckHandler = h;
  }
  setDevicePermissionHandler(h: Listener | null) {
    this.devicePermissionHandler = h;
  }
  setDisplayMediaRequestHandler(h: Listener | null) {
    this.displayMediaRequestHandler = h;
  }
}
export const session = { defaultSession: new FakeSession() };

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  registerSchemesAsPrivileged(schemes: unknown[]) {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response) {
    this.handlers.set(scheme, handler);
  },
};

export const ipcMain = {
  handlers: new Map<string, Listener>(),
  handle(channel: string, listener: Listener) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
};

export const shell = { openExternal: vi.fn(async (_url: string) => {}) };

export const dialog = {
  showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 2, checkboxChecked: false })),
  showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
  showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePath: '' })),
  showErrorBox: vi.fn(),
};

export const Menu = {
  current: null as null | { template: unknown[] },
  buildFromTemplate(template: unknown[]) {
    return { template };
  },
  setApplicationMenu(menu: { template: unknown[] } | null) {
    this.current = menu;
  },
};

/** Reversible "encryption" so tests can see that the file never holds the token in clear text. */
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret' as string,
  async isAsyncEncryptionAvailable() {
    return this.available;
  },
  isEncryptionAvailable() {
    return this.available;
  },
  getSelectedStorageBackend() {
    return this.backend;
  },
  async encryptStringAsync(plain: string) {
    if (!this.available) throw new Error('encryption is not available');
    return Buffer.from(`enc:${Buffer.from(plain, 'utf8').toString('base64').split('').reverse().join('')}`);
  },
  async decryptStringAsync(encrypted: Buffer) {
    const text = encrypted.toString('utf8');
    if (!text.startsWith('enc:')) throw new Error('cannot decrypt');
    return { result: Buffer.from(text.slice(4).split('').reverse().join(''), 'base64').toString('utf8'), shouldReEncrypt: false };
  },
};

export const screen = {
  displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
  getAllDisplays() {
    return this.displays;
  },
};

export const nativeTheme = { themeSource: 'system' };

export default { app, BrowserWindow, session, protocol, ipcMain, shell, dialog, Menu, safeStorage, screen, nativeTheme };
