// The whole main process, started against the fake Electron: what the real start-up sets up, a token
// set/status/test/clear flow over IPC in which the token never reaches the renderer, a `.weft` from the
// command line, and the unsaved-changes question on close.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { BrowserWindow, FakeFrame, Menu, app, dialog, ipcMain, protocol, session } from './fake-electron';
import { startDesktopApp } from '../../src/main/desktop-app';
import { hardenedWebPreferences } from '../../src/main/security/web-preferences';
import { API } from '../../src/api/contract';

const TOKEN = 'r8_DesktopFlowSecretToken1234567890';
const ROOT = resolve(__dirname, '..', '..');
let home: string;
let window: BrowserWindow;
const replies: unknown[] = [];
const logs: string[] = [];

const fakeFetch: typeof fetch = async (input, init) => {
  const url = String(input);
  const auth = new Headers(init?.headers).get('authorization');
  if (url.endsWith('/account')) {
    return auth === `Bearer ${TOKEN}`
      ? new Response(JSON.stringify({ username: 'tester', type: 'user' }), { status: 200, headers: { 'content-type': 'application/json' } })
      : new Response('{"detail":"Unauthenticated"}', { status: 401 });
  }
  return new Response('not here', { status: 404 });
};

async function call(method: string, payload: unknown, frame = window.webContents.mainFrame, sender = window.webContents) {
  const handler = ipcMain.handlers.get(method);
  if (!handler) throw new Error(`no IPC handler for ${method}`);
  const reply = await handler({ sender, senderFrame: frame }, payload);
  replies.push(reply);
  return reply as { ok: boolean; value?: any; error?: { code: string; error: string } };
}

const settle = (ms = 20) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'weft-desktop-'));
  mkdirSync(join(home, 'files'));
  copyFileSync(join(ROOT, 'resources', 'examples', 'inpainting.weft'), join(home, 'files', 'from-os.weft'));
  app.isPackaged = true;
  const started = startDesktopApp({
    env: { WEFT_DATA_DIR: join(home, 'data'), WEFT_CACHE_DIR: join(home, 'cache'), WEFT_NO_UPDATES: '1' },
    argv: ['/opt/Weft/weft', '--some-chromium-flag', 'from-os.weft'],
    cwd: join(home, 'files'),
    platform: 'linux',
    mainDir: join(ROOT, 'out', 'main'),
    fetch: fakeFetch,
    log: (m) => logs.push(m),
  });
  expect(started).toBeDefined();
  app.becomeReady();
  await started!.started;
  window = BrowserWindow.all.at(-1)!;
}, 30_000);

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('start-up', () => {
  it('enables the sandbox and registers app:// before ready, handling it after', () => {
    expect(app.sandboxEnabled).toBe(true);
    expect(protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(protocol.handlers.has('app')).toBe(true);
  });

  it('keeps data where WEFT_DATA_DIR says', () => {
    expect(app.getPath('userData')).toBe(join(home, 'data'));
  });

  it('opens one hardened window on app://weft/index.html with the built preload', () => {
    expect(window.loadedUrl).toBe('app://weft/index.html');
    expect(window.options.webPreferences).toEqual(hardenedWebPreferences({ preloadPath: join(ROOT, 'out', 'preload', 'index.cjs'), development: false }));
  });

  it('hardens the session and every webContents', () => {
    expect(session.defaultSession.permissionRequestHandler).toBeTypeOf('function');
    expect(session.defaultSession.permissionCheckHandler!(null, 'media', 'app://weft', {})).toBe(false);
    expect(window.webContents.windowOpenHandler!({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
    expect(window.webContents.listenerCount('will-navigate')).toBe(1);
    expect(window.webContents.listenerCount('will-attach-webview')).toBe(1);
  });

  it('serves every API method over IPC', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.keys(API).sort());
  });

  it('serves the renderer and images through the protocol', async () => {
    const handler = protocol.handlers.get('app')!;
    const info = await call('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { host: 'electron', imageBase: 'app://weft/images' } });
    const response = await handler(new Request(`app://weft/images/${'0'.repeat(64)}`));
    expect(response.status).toBe(404);
  });
});

describe('a .weft from the command line', () => {
  it('is opened through the service and pushed to the renderer once it is listening', async () => {
    // app.info above was the renderer's first call: it is listening now.
    await settle(100);
    const opened = window.webContents.sent.filter((m) => (m.payload as { channel: string }).channel === 'document-opened');
    expect(opened).toHaveLength(1);
    const document = (opened[0]!.payload as { document: { displayPath: string; name: string } }).document;
    expect(document.displayPath).toBe(join(home, 'files', 'from-os.weft'));
    expect(dialog.showOpenDialog).not.toHaveBeenCalled();
  });
});

describe('files from the OS after start', () => {
  const openedPaths = () =>
    window.webContents.sent
      .map((m) => m.payload as { channel: string; document?: { displayPath?: string } })
      .filter((p) => p.channel === 'document-opened')
      .map((p) => p.document?.displayPath);

  it('opens a file passed to a second instance, against its working folder', async () => {
    copyFileSync(join(ROOT, 'resources', 'examples', 'rf-inversion-edit.weft'), join(home, 'files', 'second.weft'));
    app.emit('second-instance', {}, ['/opt/Weft/weft', 'second.weft'], join(home, 'files'), {});
    // Opening reads the file and compiles nothing, but a loaded machine can take a while: wait for it.
    await vi.waitFor(() => expect(openedPaths()).toContain(join(home, 'files', 'second.weft')), { timeout: 10_000 });
  });

  it("opens a file from macOS's open-file event", async () => {
    copyFileSync(join(ROOT, 'resources', 'examples', 'inpainting.weft'), join(home, 'files', 'finder.weft'));
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    app.emit('open-file', event, join(home, 'files', 'finder.weft'));
    expect(event.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(openedPaths()).toContain(join(home, 'files', 'finder.weft')), { timeout: 10_000 });
    expect(dialog.showOpenDialog).not.toHaveBeenCalled();
  });

  it('lists them under File > Open Recent', async () => {
    await vi.waitFor(() => expect(JSON.stringify(Menu.current?.template)).toContain('finder.weft'), { timeout: 10_000 });
    const file = (Menu.current!.template as Array<{ label?: string; submenu?: Array<{ label?: string; submenu?: Array<{ sublabel?: string }> }> }>).find((m) => m.label === 'File')!;
    const recent = file.submenu!.find((item) => item.label === 'Open Recent')!.submenu!;
    expect(recent.map((item) => item.sublabel)).toEqual(expect.arrayContaining([join(home, 'files', 'finder.weft'), join(home, 'files', 'second.weft')]));
  });

  it('shows a dialog, not a crash, for a file that cannot be opened', async () => {
    writeFileSync(join(home, 'files', 'broken.weft'), '{ not json');
    app.emit('open-file', { preventDefault() {} }, join(home, 'files', 'broken.weft'));
    await vi.waitFor(() => expect(JSON.stringify(dialog.showMessageBox.mock.calls.at(-1))).toContain('could not be opened'), { timeout: 10_000 });
    dialog.showMessageBox.mockClear();
  });
});

describe('the token', () => {
  it('never reaches the renderer in a set / status / test / clear flow', async () => {
    expect((await call('token.status', {})).value).toMatchObject({ configured: false, storage: 'none' });
    const refused = await call('token.set', { token: 'r8_wrong' });
    expect(refused.value).toMatchObject({ ok: false });
    const set = await call('token.set', { token: TOKEN });
    expect(set.value).toEqual({ ok: true, account: 'tester' });
    expect((await call('token.status', {})).value).toMatchObject({ configured: true, storage: 'keychain' });
    expect((await call('token.test', {})).value).toEqual({ ok: true, account: 'tester' });
    for (const method of ['settings.get', 'app.info', 'cache.stats']) await call(method, {});
    const cleared = await call('token.clear', {});
    expect(cleared.value).toMatchObject({ configured: false });

    const everything = JSON.stringify({ replies, sent: BrowserWindow.all.map((w) => w.webContents.sent), logs });
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(TOKEN.slice(3, 20));
  });

  it('is refused to a sub-frame, a stranger and a foreign origin', async () => {
    const child = new FakeFrame('app://weft/index.html', window.webContents.mainFrame);
    expect(await call('token.set', { token: TOKEN }, child)).toMatchObject({ ok: false });
    expect(await call('token.status', {}, null as never)).toMatchObject({ ok: false });
    const stranger = new BrowserWindow({});
    expect(await call('token.status', {}, stranger.webContents.mainFrame, stranger.webContents)).toMatchObject({ ok: false });
    stranger.destroy();
    const before = window.webContents.mainFrame.url;
    window.webContents.mainFrame.url = 'https://evil.example/';
    expect(await call('token.status', {})).toMatchObject({ ok: false });
    window.webContents.mainFrame.url = before;
  });
});

describe('closing with unsaved changes', () => {
  it('asks, and Cancel keeps the window', async () => {
    await call('window.setDirty', { dirty: true, names: ['portrait'] });
    dialog.showMessageBox.mockResolvedValueOnce({ response: 2, checkboxChecked: false });
    window.close();
    await settle();
    expect(dialog.showMessageBox).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(dialog.showMessageBox.mock.calls[0])).toContain('portrait');
    expect(window.isDestroyed()).toBe(false);
  });

  it('Save sends the save command and closes once the renderer saved', async () => {
    dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    window.close();
    await settle();
    expect(window.webContents.sent.at(-1)?.payload).toEqual({ channel: 'command', command: 'save' });
    expect(window.isDestroyed()).toBe(false);
    await call('window.setDirty', { dirty: false, names: [] });
    await settle();
    expect(window.isDestroyed()).toBe(true);
  });

  it("a quit held up by the question carries on after Don't Save", async () => {
    app.emit('activate');
    await settle(50);
    window = BrowserWindow.all.at(-1)!;
    expect(window.isDestroyed()).toBe(false);
    await call('window.setDirty', { dirty: true, names: ['sketch'] });
    app.emit('before-quit', { preventDefault() {} });
    const quits = app.quitCalls;
    dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    window.close();
    expect(window.isDestroyed()).toBe(false);
    await settle();
    expect(window.isDestroyed()).toBe(true);
    expect(app.quitCalls).toBeGreaterThan(quits);
  });

  it('remembered the window, and quitting waits for the service to shut down', async () => {
    await settle(50);
    expect(JSON.parse(readFileSync(join(home, 'data', 'window-state.json'), 'utf8'))).toEqual({ width: 1400, height: 880, x: 10, y: 20, maximized: false });
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    const quits = app.quitCalls;
    app.emit('will-quit', event);
    expect(event.defaultPrevented).toBe(true);
    await settle(100);
    expect(app.quitCalls).toBeGreaterThan(quits);
    expect(logs.filter((line) => /fail|cannot|error/i.test(line))).toEqual([]);
  });
});
