import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import type { MenuItemConstructorOptions } from 'electron';
import { documentationUrl } from '../../src/main/security/external-links';
import { buildMenuTemplate, type MenuCommand } from '../../src/main/menu';
import { OpenFileQueue, weftFilesFromArgv } from '../../src/main/open-files';
import { ApiEventSchema } from '../../src/api/contract';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function menu(platform: NodeJS.Platform, development = false) {
  const sent: MenuCommand[] = [];
  const openRecent = vi.fn();
  const openDocumentation = vi.fn();
  const template = buildMenuTemplate({
    appName: 'Weft',
    platform,
    development,
    recent: [{ id: 'r1', name: 'portrait', displayPath: '/home/u/portrait.weft' }],
    send: (command) => sent.push(command),
    openRecent,
    openDocumentation,
  });
  const items = flatten(template);
  const byLabel = (label: string) => items.find((item) => item.label === label && item.click)!;
  const click = (label: string) => (byLabel(label).click as () => void)();
  return { template, items, byLabel, click, sent, openRecent, openDocumentation };
}

describe('menu', () => {
  it('has File, Edit, Run, View and Help, and the macOS app menu on macOS only', () => {
    expect(menu('linux').template.map((m) => m.label ?? m.role)).toEqual(['File', 'Edit', 'Run', 'View', 'help']);
    expect(menu('darwin').template.map((m) => m.label ?? m.role)).toEqual(['Weft', 'File', 'Edit', 'Run', 'View', 'windowMenu', 'help']);
  });

  it('sends each command with the usual shortcut, all of them valid API events', () => {
    const m = menu('win32');
    const expected: Array<[string, MenuCommand, string]> = [
      ['New', 'new', 'CmdOrCtrl+N'],
      ['Open…', 'open', 'CmdOrCtrl+O'],
      ['Save', 'save', 'CmdOrCtrl+S'],
      ['Save As…', 'save-as', 'CmdOrCtrl+Shift+S'],
      ['Save All', 'save-all', 'CmdOrCtrl+Alt+S'],
      ['Close', 'close', 'CmdOrCtrl+W'],
      ['Undo', 'undo', 'CmdOrCtrl+Z'],
      ['Redo', 'redo', 'CmdOrCtrl+Shift+Z'],
      ['Run', 'run', 'CmdOrCtrl+Enter'],
      ['Run to Selected Node', 'run-to-selected', 'CmdOrCtrl+Shift+Enter'],
      ['Cancel', 'cancel', 'CmdOrCtrl+.'],
      ['Fit View', 'fit-view', 'CmdOrCtrl+Shift+F'],
      ['Keyboard Shortcuts', 'help', 'CmdOrCtrl+/'],
      ['Settings', 'settings', 'CmdOrCtrl+,'],
    ];
    for (const [label, command, accelerator] of expected) {
      expect(m.byLabel(label).accelerator, label).toBe(accelerator);
      m.click(label);
      expect(m.sent.at(-1)).toBe(command);
      expect(ApiEventSchema.safeParse({ channel: 'command', command }).success).toBe(true);
    }
  });

  it('keeps clipboard editing native', () => {
    const roles = menu('linux').items.map((item) => item.role).filter(Boolean);
    expect(roles).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'selectAll', 'zoomIn', 'zoomOut', 'resetZoom']));
  });

  it('offers DevTools only in development', () => {
    expect(menu('linux').items.some((item) => item.role === 'toggleDevTools')).toBe(false);
    expect(menu('linux', true).items.some((item) => item.role === 'toggleDevTools')).toBe(true);
  });

  it('opens recent files and the documentation', () => {
    const m = menu('linux');
    m.click('portrait');
    expect(m.openRecent).toHaveBeenCalledWith('r1');
    m.click('Documentation');
    expect(m.openDocumentation).toHaveBeenCalled();
  });

  it('leaves Documentation out while the project has no documentation address', () => {
    const template = buildMenuTemplate({ appName: 'Weft', platform: 'linux', development: false, recent: [], send: () => {}, openRecent: () => {}, openDocumentation: undefined });
    expect(flatten(template).some((item) => item.label === 'Documentation')).toBe(false);
    expect(documentationUrl('{"name":"weft"}')).toBeUndefined();
    expect(documentationUrl('{"homepage":"http://example.com/docs"}')).toBeUndefined();
    expect(documentationUrl('{"homepage":"https://github.com/someone/weft#readme"}')).toBe('https://github.com/someone/weft#readme');
  });
});

describe('.weft files from the OS', () => {
  it('finds .weft paths on a packaged command line, absolute against its folder', () => {
    expect(weftFilesFromArgv(['/opt/Weft/weft', '--no-sandbox', 'a.weft', '/x/B.WEFT', 'notes.txt'], '/home/u', true)).toEqual(['/home/u/a.weft', '/x/B.WEFT']);
  });

  it('skips electron and the app folder when unpackaged', () => {
    expect(weftFilesFromArgv(['electron', 'x.weft', 'y.weft'], '/w', false)).toEqual(['/w/y.weft']);
  });

  it('holds paths until the app can open them, then delivers in order', () => {
    const queue = new OpenFileQueue();
    queue.add(['/a.weft']);
    queue.add(['/b.weft']);
    const opened: string[] = [];
    queue.attach((p) => opened.push(p));
    queue.add(['/c.weft']);
    expect(opened).toEqual(['/a.weft', '/b.weft', '/c.weft']);
  });
});
