// Save All (File menu, Mod+Alt+S, and the close prompt with several unsaved workflows): every unsaved
// document in tab order, stopping at the first that does not save.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyWorkflow } from '../../src/engine';

const saveCalls: string[] = [];
let failFor: string | undefined;
vi.mock('../../src/renderer/api/client', () => ({
  api: () => ({
    'workflow.save': async ({ documentId }: { documentId: string }) => {
      saveCalls.push(documentId);
      if (documentId === failFor) throw new Error('disk full');
      return { saved: true, name: documentId, displayPath: `/w/${documentId}.weft` };
    },
  }),
}));

const { saveAll } = await import('../../src/renderer/commands/file-commands');
const { appStore } = await import('../../src/renderer/store/app-store');
const { openDocument } = await import('../../src/renderer/store/documents');
const { editWorkflow, isDirty } = await import('../../src/renderer/store/history');
const { addNode } = await import('../../src/renderer/store/workflow-edits');

function open(id: string, dirty: boolean) {
  openDocument({ documentId: id, name: id, workflow: emptyWorkflow(), warnings: [], migrations: [] });
  if (dirty) editWorkflow(id, { label: 'add' }, (w) => addNode(w, 'prompt', { x: 0, y: 0 }));
}
const dirtyIds = () => appStore.get().order.filter((id) => isDirty(appStore.get().docs[id]!));

beforeEach(() => {
  saveCalls.length = 0;
  failFor = undefined;
  appStore.update((s) => {
    s.docs = {};
    s.order = [];
  });
  open('a', true);
  open('b', false);
  open('c', true);
});

describe('Save All', () => {
  it('saves every unsaved workflow in tab order and leaves the saved ones alone', async () => {
    expect(await saveAll()).toBe(true);
    expect(saveCalls).toEqual(['a', 'c']);
    expect(dirtyIds()).toEqual([]);
  });

  it('stops at a save that fails, leaving it and the ones after it unsaved', async () => {
    failFor = 'a';
    expect(await saveAll()).toBe(false);
    expect(saveCalls).toEqual(['a']);
    expect(dirtyIds()).toEqual(['a', 'c']);
  });
});
