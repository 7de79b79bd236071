// Commands from the desktop host's menus, and the same commands from the toolbar and the keyboard.
import type { ApiEvent } from '../../api';
import { canvas } from '../canvas/canvas-bridge';
import { appStore } from '../store/app-store';
import { isDirty } from '../store/history';
import { openDialog } from './dialogs';
import { redoActive, undoActive } from './edit-commands';
import { closeTab, newDocument, openWorkflow, save, saveAll, saveAs } from './file-commands';
import { cancelRun, runToSelected, startRun } from './run-commands';

export type HostCommand = Extract<ApiEvent, { channel: 'command' }>['command'];

/**
 * The same key press may reach both the page and a native menu accelerator. What the page's key handler
 * just did is not done a second time when the menu's command follows it.
 */
let lastByKeyboard: { command: HostCommand; at: number } | undefined;
const ECHO_MS = 400;

export function noteKeyboardCommand(command: HostCommand): void {
  lastByKeyboard = { command, at: Date.now() };
}

/** "Save" from the host (its menu, or its close prompt): the active document, or else the first unsaved one. */
function saveForHost(): void {
  const state = appStore.get();
  const active = state.active ? state.docs[state.active] : undefined;
  const target = active && isDirty(active) ? active : state.order.map((id) => state.docs[id]!).find(isDirty);
  void save(target?.documentId ?? state.active);
}

export function runHostCommand(command: HostCommand): void {
  if (lastByKeyboard?.command === command && Date.now() - lastByKeyboard.at < ECHO_MS) return;
  switch (command) {
    case 'new':
      return void newDocument();
    case 'open':
      return void openWorkflow();
    case 'save':
      return saveForHost();
    case 'save-all':
      return void saveAll();
    case 'save-as':
      return void saveAs();
    case 'close':
      return void closeTab();
    case 'undo':
      return undoActive();
    case 'redo':
      return redoActive();
    case 'run':
      return void startRun();
    case 'run-to-selected':
      return void runToSelected();
    case 'cancel':
      return void cancelRun();
    case 'settings':
      return openDialog('settings');
    case 'help':
      return openDialog('help');
    case 'fit-view':
      return canvas()?.fitView();
  }
}
