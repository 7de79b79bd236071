// Asks before a window with unsaved documents closes. The renderer reports its unsaved documents through
// `window.setDirty`; on close we ask Save (Save All when several are unsaved) / Don't Save / Cancel. "Save"
// sends the renderer the 'save' command ('save-all' for several) and waits for the outcome: the window
// closes only once the renderer reports nothing unsaved. A save that is canceled or fails keeps the window
// open, with whatever was not saved: the guard may be over-careful, never lossy.

export type CloseChoice = 'save' | 'discard' | 'cancel';
export type SaveOutcome = 'saved' | 'needs-target' | 'not-saved';

export interface UnsavedChangesGuardHooks {
  /** Shows the question; `names` are the unsaved documents. */
  ask(names: readonly string[]): Promise<CloseChoice>;
  /** Tells the renderer to save: its one unsaved document ('save'), or every one, in turn ('save-all'). */
  requestSave(scope: 'one' | 'all'): void;
  /** Closes the window for real (the guard lets this close through). */
  close(): void;
  /** The close did not happen (canceled, or the save did not complete). */
  onCloseAbandoned?(): void;
}

type Waiting = (result: 'clean' | 'abandoned') => void;

export class UnsavedChangesGuard {
  private dirty = false;
  private names: string[] = [];
  private closeAllowed = false;
  private asking = false;
  private waiting: Waiting | undefined;
  private savedSinceRequest = false;
  private savingAll = false;

  constructor(private readonly hooks: UnsavedChangesGuardHooks) {}

  setDirty(state: { dirty: boolean; names: readonly string[] }): void {
    this.dirty = state.dirty;
    this.names = [...state.names];
    if (!this.waiting) return;
    if (!state.dirty) this.finishWaiting('clean');
    // A single save went through and documents are still unsaved (made dirty meanwhile, or another
    // window's): let the user see them. A Save All goes on to the next one.
    else if (this.savedSinceRequest && !this.savingAll) this.finishWaiting('abandoned');
  }

  /** The answer of a workflow.save or workflow.saveAs call from this window. */
  noteSaveOutcome(outcome: SaveOutcome): void {
    if (!this.waiting) return;
    if (outcome === 'saved') this.savedSinceRequest = true;
    // needs-target: the renderer goes on with "save as", whose answer we will see next.
    if (outcome === 'not-saved') this.finishWaiting('abandoned');
  }

  get hasUnsavedChanges(): boolean {
    return this.dirty;
  }

  /** From the window's 'close' event: true lets it close, false means the caller must prevent it. */
  allowClose(): boolean {
    if (this.closeAllowed || !this.dirty) return true;
    if (!this.asking) void this.ask();
    return false;
  }

  private async ask(): Promise<void> {
    // A close attempt while an earlier "Save" is still pending starts over: that save is no longer awaited.
    this.finishWaiting('abandoned');
    this.asking = true;
    let choice: CloseChoice;
    try {
      choice = await this.hooks.ask(this.names);
    } finally {
      this.asking = false;
    }
    if (choice === 'cancel') return this.abandon();
    if (choice === 'save' && (await this.saveAndWait()) === 'abandoned') return this.abandon();
    this.closeAllowed = true;
    this.hooks.close();
  }

  private saveAndWait(): Promise<'clean' | 'abandoned'> {
    if (!this.dirty) return Promise.resolve('clean');
    const outcome = new Promise<'clean' | 'abandoned'>((resolve) => {
      this.waiting = resolve;
    });
    this.savedSinceRequest = false;
    this.savingAll = this.names.length > 1;
    this.hooks.requestSave(this.savingAll ? 'all' : 'one');
    return outcome;
  }

  private finishWaiting(result: 'clean' | 'abandoned'): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(result);
  }

  private abandon(): void {
    this.hooks.onCloseAbandoned?.();
  }
}
