import { describe, expect, it, vi } from 'vitest';
import { UnsavedChangesGuard, type CloseChoice } from '../../src/main/unsaved-changes-guard';

function setup(choice: CloseChoice) {
  const hooks = {
    ask: vi.fn(async (_names: readonly string[]) => choice),
    requestSave: vi.fn(),
    close: vi.fn(),
    onCloseAbandoned: vi.fn(),
  };
  return { guard: new UnsavedChangesGuard(hooks), hooks };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('UnsavedChangesGuard', () => {
  it('lets a clean window close without asking', () => {
    const { guard, hooks } = setup('cancel');
    expect(guard.allowClose()).toBe(true);
    guard.setDirty({ dirty: false, names: [] });
    expect(guard.allowClose()).toBe(true);
    expect(hooks.ask).not.toHaveBeenCalled();
  });

  it('asks with the unsaved names; Cancel keeps the window', async () => {
    const { guard, hooks } = setup('cancel');
    guard.setDirty({ dirty: true, names: ['portrait'] });
    expect(guard.allowClose()).toBe(false);
    await settle();
    expect(hooks.ask).toHaveBeenCalledWith(['portrait']);
    expect(hooks.close).not.toHaveBeenCalled();
    expect(hooks.onCloseAbandoned).toHaveBeenCalled();
  });

  it("Don't Save closes without saving", async () => {
    const { guard, hooks } = setup('discard');
    guard.setDirty({ dirty: true, names: ['a'] });
    expect(guard.allowClose()).toBe(false);
    await settle();
    expect(hooks.requestSave).not.toHaveBeenCalled();
    expect(hooks.close).toHaveBeenCalledTimes(1);
    expect(guard.allowClose()).toBe(true);
  });

  it('Save asks the renderer to save and closes once it reports nothing unsaved', async () => {
    const { guard, hooks } = setup('save');
    guard.setDirty({ dirty: true, names: ['a'] });
    guard.allowClose();
    await settle();
    expect(hooks.requestSave).toHaveBeenCalledWith('one');
    expect(hooks.close).not.toHaveBeenCalled();
    guard.noteSaveOutcome('saved');
    guard.setDirty({ dirty: false, names: [] });
    await settle();
    expect(hooks.close).toHaveBeenCalledTimes(1);
  });

  it('Save that needs a path goes on to Save As and closes when that is done', async () => {
    const { guard, hooks } = setup('save');
    guard.setDirty({ dirty: true, names: ['Untitled'] });
    guard.allowClose();
    await settle();
    guard.noteSaveOutcome('needs-target');
    await settle();
    expect(hooks.onCloseAbandoned).not.toHaveBeenCalled();
    guard.noteSaveOutcome('saved');
    guard.setDirty({ dirty: false, names: [] });
    await settle();
    expect(hooks.close).toHaveBeenCalled();
  });

  it('a canceled or failed save keeps the window open', async () => {
    const { guard, hooks } = setup('save');
    guard.setDirty({ dirty: true, names: ['a'] });
    guard.allowClose();
    await settle();
    guard.noteSaveOutcome('not-saved');
    await settle();
    expect(hooks.close).not.toHaveBeenCalled();
    expect(hooks.onCloseAbandoned).toHaveBeenCalled();
    // and a later save does not close the window by surprise
    guard.setDirty({ dirty: false, names: [] });
    await settle();
    expect(hooks.close).not.toHaveBeenCalled();
  });

  it('stays open when a single save leaves something unsaved', async () => {
    const { guard, hooks } = setup('save');
    guard.setDirty({ dirty: true, names: ['a'] });
    guard.allowClose();
    await settle();
    guard.noteSaveOutcome('saved');
    // edited again while the save was on its way
    guard.setDirty({ dirty: true, names: ['a'] });
    await settle();
    expect(hooks.close).not.toHaveBeenCalled();
    expect(hooks.onCloseAbandoned).toHaveBeenCalled();
  });

  it('with several unsaved, Save saves them all, one after another, then closes', async () => {
    const { guard, hooks } = setup('save');
    guard.setDirty({ dirty: true, names: ['a', 'b'] });
    guard.allowClose();
    await settle();
    expect(hooks.requestSave).toHaveBeenCalledWith('all');
    guard.noteSaveOutcome('saved');
    guard.setDirty({ dirty: true, names: ['b'] });
    await settle();
    expect(hooks.onCloseAbandoned).not.toHaveBeenCalled();
    guard.noteSaveOutcome('needs-target');
    guard.noteSaveOutcome('saved');
    guard.setDirty({ dirty: false, names: [] });
    await settle();
    expect(hooks.close).toHaveBeenCalledTimes(1);
  });

  it('a Save All that stops on a canceled dialog keeps the window and what is still unsaved', async () => {
    const { guard, hooks } = setup('save');
    guard.setDirty({ dirty: true, names: ['a', 'Untitled'] });
    guard.allowClose();
    await settle();
    guard.noteSaveOutcome('saved');
    guard.setDirty({ dirty: true, names: ['Untitled'] });
    guard.noteSaveOutcome('needs-target');
    guard.noteSaveOutcome('not-saved');
    await settle();
    expect(hooks.close).not.toHaveBeenCalled();
    expect(hooks.onCloseAbandoned).toHaveBeenCalled();
  });

  it('asks once while the question is open, and again on a later close', async () => {
    const { guard, hooks } = setup('cancel');
    guard.setDirty({ dirty: true, names: ['a'] });
    guard.allowClose();
    guard.allowClose();
    await settle();
    expect(hooks.ask).toHaveBeenCalledTimes(1);
    guard.allowClose();
    await settle();
    expect(hooks.ask).toHaveBeenCalledTimes(2);
  });
});
