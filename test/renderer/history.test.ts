// Undo and redo over immer patches, with merged gestures and the dirty flag.
import { beforeEach, describe, expect, it } from 'vitest';
import { emptyWorkflow } from '../../src/engine';
import { appStore } from '../../src/renderer/store/app-store';
import { markSaved, openDocument } from '../../src/renderer/store/documents';
import { currentStepId, editWorkflow, isDirty, redo, undo } from '../../src/renderer/store/history';
import { addNode, setParam } from '../../src/renderer/store/workflow-edits';

const ID = 'doc-test-1';
const doc = () => appStore.get().docs[ID]!;

beforeEach(() => {
  appStore.update((s) => {
    s.docs = {};
    s.order = [];
  });
  openDocument({ documentId: ID, name: 'test', workflow: emptyWorkflow(), warnings: [], migrations: [] });
});

describe('undo and redo', () => {
  it('undoes and redoes each edit, and a new edit clears what could be redone', () => {
    editWorkflow(ID, { label: 'add' }, (w) => addNode(w, 'prompt', { x: 0, y: 0 }));
    editWorkflow(ID, { label: 'set' }, (w) => setParam(w, 'prompt-1', 'text', 'a'));
    expect(undo(ID)).toBe('set');
    expect(doc().workflow.nodes[0]!.params).toEqual({});
    expect(undo(ID)).toBe('add');
    expect(doc().workflow.nodes).toEqual([]);
    expect(undo(ID)).toBeUndefined();
    expect(redo(ID)).toBe('add');
    editWorkflow(ID, { label: 'move' }, (w) => void (w.nodes[0]!.position = { x: 5, y: 5 }));
    expect(doc().future).toEqual([]);
    expect(redo(ID)).toBeUndefined();
  });

  it('merges a quick run of edits with the same key into one step', () => {
    editWorkflow(ID, { label: 'add' }, (w) => addNode(w, 'prompt', { x: 0, y: 0 }));
    for (const text of ['a', 'ab', 'abc']) editWorkflow(ID, { label: 'type', mergeKey: 'param:prompt-1:text' }, (w) => setParam(w, 'prompt-1', 'text', text));
    expect(doc().past).toHaveLength(2);
    undo(ID);
    expect(doc().workflow.nodes[0]!.params).toEqual({});
    redo(ID);
    expect(doc().workflow.nodes[0]!.params).toEqual({ text: 'abc' });
  });

  it('is dirty exactly when the workflow differs from the saved step, through undo and redo', () => {
    expect(isDirty(doc())).toBe(false);
    editWorkflow(ID, { label: 'add' }, (w) => addNode(w, 'prompt', { x: 0, y: 0 }));
    expect(isDirty(doc())).toBe(true);
    markSaved(ID, currentStepId(doc()), { name: 'saved', displayPath: '/tmp/saved.weft' });
    expect(isDirty(doc())).toBe(false);
    // Typing after a save starts a new step: it never merges into the saved one.
    editWorkflow(ID, { label: 'type', mergeKey: 'k' }, (w) => setParam(w, 'prompt-1', 'text', 'x'));
    editWorkflow(ID, { label: 'type', mergeKey: 'k' }, (w) => setParam(w, 'prompt-1', 'text', 'xy'));
    expect(isDirty(doc())).toBe(true);
    undo(ID);
    expect(isDirty(doc())).toBe(false);
    undo(ID);
    expect(isDirty(doc())).toBe(true);
    redo(ID);
    expect(isDirty(doc())).toBe(false);
  });

  it('drops deleted nodes from the selection', () => {
    editWorkflow(ID, { label: 'add' }, (w) => addNode(w, 'prompt', { x: 0, y: 0 }));
    appStore.update((s) => void (s.docs[ID]!.selection = ['prompt-1']));
    undo(ID);
    expect(doc().selection).toEqual([]);
  });

  it('an edit that changes nothing is not a step', () => {
    editWorkflow(ID, { label: 'nothing' }, () => {});
    expect(doc().past).toEqual([]);
  });
});
