// Menu commands from the desktop host, and the echo of a key press the page already handled.
import { beforeEach, describe, expect, it } from 'vitest';
import { emptyWorkflow } from '../../src/engine';
import { noteKeyboardCommand, runHostCommand } from '../../src/renderer/commands/host-commands';
import { appStore } from '../../src/renderer/store/app-store';
import { openDocument } from '../../src/renderer/store/documents';
import { editWorkflow } from '../../src/renderer/store/history';
import { addNode } from '../../src/renderer/store/workflow-edits';

const ID = 'doc-host-1';
const nodes = () => appStore.get().docs[ID]!.workflow.nodes.length;

beforeEach(() => {
  appStore.update((s) => {
    s.docs = {};
    s.order = [];
  });
  openDocument({ documentId: ID, name: 'test', workflow: emptyWorkflow(), warnings: [], migrations: [] });
  editWorkflow(ID, { label: 'add' }, (w) => addNode(w, 'prompt', { x: 0, y: 0 }));
  editWorkflow(ID, { label: 'add' }, (w) => addNode(w, 'prompt', { x: 0, y: 0 }));
});

describe('host commands', () => {
  it('undoes and redoes the active document from the menu', () => {
    runHostCommand('undo');
    expect(nodes()).toBe(1);
    runHostCommand('redo');
    expect(nodes()).toBe(2);
  });

  it('does not undo twice when the menu echoes a key press the page already handled', () => {
    noteKeyboardCommand('undo');
    runHostCommand('undo');
    expect(nodes()).toBe(2);
    // Another command is no echo.
    noteKeyboardCommand('redo');
    runHostCommand('undo');
    expect(nodes()).toBe(1);
  });
});
