/**
 * A file rewritten whole, at most once per interval however often its content changes.
 *
 * A run with 500 calls changes state thousands of times; rewriting its history file on each change would
 * be pointless I/O. Changes only mark the file dirty and arm one timer; when it fires (or on flush) the
 * current content is rendered once and written. Writes are chained, so an older snapshot can never land
 * after a newer one, and a failed write leaves the file dirty so the next flush retries with everything.
 * Flushes coalesce too: while a write is in flight, any number of flushes queue one more write, rendered
 * when it starts, so it carries every change made before it (50 calls finishing at once cost two or
 * three writes, not 50).
 */
export interface CoalescedFileOptions {
  write: (path: string, text: string) => Promise<void>;
  intervalMs: number;
  onError: (error: unknown) => void;
}

export class CoalescedFile {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private writes: Promise<void> = Promise.resolve();
  /** A write queued behind the one in flight and not yet started: later flushes join it. */
  private queued: Promise<void> | undefined;
  /** The error of the latest write, cleared by a later successful one. */
  lastError: unknown;

  constructor(
    readonly path: string,
    /** Produces the file's content at the moment of writing. */
    private readonly render: () => string,
    private readonly options: CoalescedFileOptions,
  ) {}

  /** Notes a change; it is written within `intervalMs`. */
  changed(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.intervalMs);
    // A pending history write must not keep a finished CLI alive; finishing a run flushes anyway.
    this.timer.unref();
  }

  /** Writes now if anything changed; resolves when every write so far has settled (see lastError). */
  flush(): Promise<void> {
    this.cancelTimer();
    if (!this.dirty) return this.writes;
    if (this.queued) return this.queued;
    const next = this.writes.then(async () => {
      this.queued = undefined;
      this.dirty = false;
      try {
        await this.options.write(this.path, this.render());
        this.lastError = undefined;
      } catch (error) {
        this.lastError = error;
        this.dirty = true;
        this.options.onError(error);
      }
    });
    this.queued = next;
    this.writes = next;
    return next;
  }

  /** Stops the timer without writing (pending changes are dropped unless flushed first). */
  cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
