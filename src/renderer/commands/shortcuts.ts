// The keyboard shortcuts: one table read by the key handler and by the Help dialog, so the list the user
// reads is the list that works. "Mod" is Ctrl, or Cmd on macOS.
import { canvas } from '../canvas/canvas-bridge';
import { toggleGallery } from './gallery-commands';
import { openDialog } from './dialogs';
import { duplicateSelection, openPalette, redoActive, selectAll, tidyLayout, undoActive } from './edit-commands';
import { newDocument, openWorkflow, save, saveAll, saveAs } from './file-commands';
import { groupSelected, ungroupSelected } from './group-commands';
import { cancelRun, runToSelected, startRun } from './run-commands';
import { noteKeyboardCommand, type HostCommand } from './host-commands';

export interface Shortcut {
  keys: string[];
  description: string;
  /** The desktop menu's command for the same action, whose echo of this key press is then ignored. */
  command?: HostCommand;
  /** Also while typing in a field (undo, save, run...). */
  whileTyping?: boolean;
  run?: () => void;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['Mod+K'], description: 'Add a node: search the node palette', whileTyping: true, run: () => openPalette() },
  { keys: ['Double-click canvas'], description: 'Add a node where you clicked' },
  { keys: ['Drop a connection on the canvas'], description: 'Add a node that fits it, connected' },
  { keys: ['Mod+Enter'], description: 'Run the workflow', command: 'run', whileTyping: true, run: () => void startRun() },
  { keys: ['Mod+Shift+Enter'], description: 'Run up to the selected node', command: 'run-to-selected', whileTyping: true, run: () => void runToSelected() },
  { keys: ['Mod+.'], description: 'Cancel the run', command: 'cancel', whileTyping: true, run: () => void cancelRun() },
  { keys: ['Mod+Z'], description: 'Undo', command: 'undo', whileTyping: true, run: undoActive },
  { keys: ['Mod+Shift+Z', 'Mod+Y'], description: 'Redo', command: 'redo', whileTyping: true, run: redoActive },
  { keys: ['Mod+C', 'Mod+X', 'Mod+V'], description: 'Copy, cut, paste nodes (also between windows); paste an image to add it' },
  { keys: ['Mod+D'], description: 'Duplicate the selected nodes', run: duplicateSelection },
  { keys: ['Delete', 'Backspace'], description: 'Delete the selection' },
  { keys: ['Mod+A'], description: 'Select every node', run: selectAll },
  { keys: ['Mod+G'], description: 'Group the selected nodes into one group node', run: () => void groupSelected() },
  { keys: ['Mod+Shift+G'], description: 'Ungroup the selected group node', run: ungroupSelected },
  { keys: ['Shift+Drag'], description: 'Select with a box; Shift+click adds to the selection' },
  { keys: ['F'], description: 'Fit the view to the graph', command: 'fit-view', run: () => canvas()?.fitView() },
  { keys: ['Mod+Shift+L'], description: 'Tidy: lay the graph out in columns, left to right', run: tidyLayout },
  { keys: ['Double-click a title'], description: 'Rename a node; the chevron beside it folds the node' },
  { keys: ['Mod+S'], description: 'Save', command: 'save', whileTyping: true, run: () => void save() },
  { keys: ['Mod+Shift+S'], description: 'Save as', command: 'save-as', whileTyping: true, run: () => void saveAs() },
  { keys: ['Mod+Alt+S'], description: 'Save every unsaved workflow', command: 'save-all', whileTyping: true, run: () => void saveAll() },
  { keys: ['Mod+O'], description: 'Open a workflow', command: 'open', whileTyping: true, run: () => void openWorkflow() },
  { keys: ['Alt+N'], description: 'New workflow', command: 'new', whileTyping: true, run: () => void newDocument() },
  { keys: ['Mod+B'], description: 'Show or hide the gallery', whileTyping: true, run: () => toggleGallery() },
  { keys: ['Mod+,'], description: 'Settings', command: 'settings', whileTyping: true, run: () => openDialog('settings') },
  { keys: ['?', 'F1'], description: 'This list of shortcuts', run: () => openDialog('help') },
];

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function displayKeys(keys: string): string {
  return keys.replace(/Mod/g, isMac ? '⌘' : 'Ctrl');
}

function matches(combo: string, event: KeyboardEvent): boolean {
  const parts = combo.split('+');
  const key = parts.pop()!;
  const want = new Set(parts);
  const mod = isMac ? event.metaKey : event.ctrlKey;
  if (want.has('Mod') !== mod) return false;
  if (want.has('Alt') !== event.altKey) return false;
  // "?" is typed with Shift on most layouts: compare the character, not the modifiers.
  if (key === '?') return event.key === '?';
  if (want.has('Shift') !== event.shiftKey) return false;
  if (key.length === 1) return event.key.toLowerCase() === key.toLowerCase() || event.code === `Key${key.toUpperCase()}` || (key === '.' && event.code === 'Period') || (key === ',' && event.code === 'Comma');
  return event.key === key;
}

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Handles a key press; returns true when a shortcut took it. Modal dialogs install their own handling. */
export function handleShortcut(event: KeyboardEvent, modalOpen: boolean): boolean {
  const typing = isTyping(event.target);
  for (const shortcut of SHORTCUTS) {
    if (!shortcut.run) continue;
    if (typing && !shortcut.whileTyping) continue;
    if (modalOpen) continue;
    if (shortcut.keys.some((combo) => matches(combo, event))) {
      event.preventDefault();
      if (shortcut.command) noteKeyboardCommand(shortcut.command);
      shortcut.run();
      return true;
    }
  }
  return false;
}
