// The native menu bar. Menu items act in the renderer (which owns the documents, the selection and the
// undo history) by sending it a `command` event; only what the OS does better stays native: clipboard
// and text-editing roles, zoom, full screen, quitting. Undo/Redo are commands, not roles, because the
// graph has its own history: the renderer forwards them to a focused text field itself.
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { ApiEvent } from '../api/contract';

export type MenuCommand = Extract<ApiEvent, { channel: 'command' }>['command'];

export interface RecentMenuEntry {
  id: string;
  name: string;
  displayPath: string;
}

export interface MenuOptions {
  appName: string;
  platform: NodeJS.Platform;
  development: boolean;
  recent: readonly RecentMenuEntry[];
  /** Sends a command to the focused window's renderer. */
  send(command: MenuCommand): void;
  openRecent(id: string): void;
  /** Absent until the project has a documentation address: the menu item is then left out. */
  openDocumentation?: (() => void) | undefined;
}

const RECENT_SHOWN = 10;

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { platform, development, send } = options;
  const mac = platform === 'darwin';
  const command = (label: string, name: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => send(name),
  });

  const recent: MenuItemConstructorOptions[] = options.recent.length
    ? options.recent.slice(0, RECENT_SHOWN).map((entry) => ({ label: entry.name, sublabel: entry.displayPath, click: () => options.openRecent(entry.id) }))
    : [{ label: 'No Recent Workflows', enabled: false }];

  const settings = command(mac ? 'Settings…' : 'Settings', 'settings', 'CmdOrCtrl+,');

  const appMenu: MenuItemConstructorOptions = {
    label: options.appName,
    submenu: [
      { role: 'about' },
      { type: 'separator' },
      settings,
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      command('New', 'new', 'CmdOrCtrl+N'),
      command('Open…', 'open', 'CmdOrCtrl+O'),
      { label: 'Open Recent', submenu: recent },
      { type: 'separator' },
      command('Save', 'save', 'CmdOrCtrl+S'),
      command('Save As…', 'save-as', 'CmdOrCtrl+Shift+S'),
      command('Save All', 'save-all', 'CmdOrCtrl+Alt+S'),
      { type: 'separator' },
      command('Close', 'close', 'CmdOrCtrl+W'),
      ...(mac ? [] : [{ type: 'separator' } as const, settings, { type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      command('Undo', 'undo', 'CmdOrCtrl+Z'),
      command('Redo', 'redo', 'CmdOrCtrl+Shift+Z'),
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };

  const run: MenuItemConstructorOptions = {
    label: 'Run',
    submenu: [
      command('Run', 'run', 'CmdOrCtrl+Enter'),
      command('Run to Selected Node', 'run-to-selected', 'CmdOrCtrl+Shift+Enter'),
      { type: 'separator' },
      command('Cancel', 'cancel', 'CmdOrCtrl+.'),
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      command('Fit View', 'fit-view', 'CmdOrCtrl+Shift+F'),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(development ? [{ type: 'separator' } as const, { role: 'toggleDevTools' } as const] : []),
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      command('Keyboard Shortcuts', 'help', 'CmdOrCtrl+/'),
      ...(options.openDocumentation ? [{ label: 'Documentation', click: options.openDocumentation }] : []),
    ],
  };

  return [...(mac ? [appMenu] : []), file, edit, run, view, ...(mac ? [{ role: 'windowMenu' } as const] : []), help];
}

export function installMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(options)));
}
