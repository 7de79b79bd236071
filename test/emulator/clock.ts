/**
 * The emulator's clock. Every timestamp the emulator shows (created_at, expires_at, metrics) and every
 * deadline it keeps (queue delay, step timing, Cancel-After, the one-hour data lifetime, file expiry)
 * reads this clock, so a test can jump an hour ahead with `advance()` instead of waiting for it.
 *
 * By default the clock runs with real time plus an offset that `advance()` grows; `frozen: true` makes
 * it stand still except when advanced, for tests that want every transition under their control.
 */

export interface ClockOptions {
  /** Only `advance()` moves time. Timers then fire only from `advance()`. */
  frozen?: boolean;
  /** Emulated time at start (ms since epoch or Date). Defaults to the real time. */
  startAt?: number | Date;
}

export interface ScheduledTask {
  /** Stops the task from running; safe to call after it ran. */
  cancel(): void;
}

interface PendingTask {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
  timer: NodeJS.Timeout | undefined;
  done: boolean;
}

export class EmulatedClock {
  private readonly frozen: boolean;
  private offsetMs: number;
  private frozenNow: number;
  private readonly tasks = new Set<PendingTask>();
  private seq = 0;
  private stopped = false;

  constructor(options: ClockOptions = {}) {
    this.frozen = options.frozen ?? false;
    const start = options.startAt === undefined ? Date.now() : Number(options.startAt);
    this.frozenNow = start;
    this.offsetMs = start - Date.now();
  }

  /** Emulated time in ms since the epoch. */
  now(): number {
    return this.frozen ? this.frozenNow : Date.now() + this.offsetMs;
  }

  nowDate(): Date {
    return new Date(this.now());
  }

  isFrozen(): boolean {
    return this.frozen;
  }

  /** Runs `run` once the emulated clock reaches now() + delayMs (by real time passing or by advance()). */
  schedule(delayMs: number, run: () => void): ScheduledTask {
    return this.scheduleAt(this.now() + Math.max(0, delayMs), run);
  }

  scheduleAt(at: number, run: () => void): ScheduledTask {
    const task: PendingTask = { at, seq: this.seq++, run, timer: undefined, done: false };
    if (this.stopped) return { cancel: () => undefined };
    this.tasks.add(task);
    this.armRealTimer(task);
    return {
      cancel: () => {
        task.done = true;
        if (task.timer) clearTimeout(task.timer);
        this.tasks.delete(task);
      },
    };
  }

  /**
   * Moves emulated time forward by `ms`, running every task that falls due on the way, in time order,
   * with now() equal to each task's due time while it runs (so timestamps it records are exact).
   */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advance() needs a non-negative number of ms, got ${ms}`);
    const target = this.now() + ms;
    let batch = this.dueBy(target);
    let index = 0;
    while (index < batch.length) {
      const task = batch[index++] as PendingTask;
      if (task.done) continue;
      const scheduledBefore = this.seq;
      this.setNow(Math.max(this.now(), task.at));
      this.runTask(task);
      // A task that scheduled more work may have put something due before the rest of the batch.
      if (this.seq !== scheduledBefore) {
        batch = this.dueBy(target);
        index = 0;
      }
    }
    this.setNow(Math.max(this.now(), target));
    // Real timers were armed for the old offset; re-arm the survivors for the new one.
    for (const task of this.tasks) this.armRealTimer(task);
  }

  /** Cancels every pending task; used when the emulator closes. */
  stop(): void {
    this.stopped = true;
    for (const task of this.tasks) {
      task.done = true;
      if (task.timer) clearTimeout(task.timer);
    }
    this.tasks.clear();
  }

  /** Number of tasks not yet run (for tests of the emulator itself). */
  pendingCount(): number {
    return this.tasks.size;
  }

  /** Tasks due by `target`, in the order they must run. */
  private dueBy(target: number): PendingTask[] {
    return [...this.tasks].filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  private setNow(value: number): void {
    if (this.frozen) this.frozenNow = value;
    else this.offsetMs = value - Date.now();
  }

  private runTask(task: PendingTask): void {
    if (task.done) return;
    task.done = true;
    if (task.timer) clearTimeout(task.timer);
    this.tasks.delete(task);
    task.run();
  }

  private armRealTimer(task: PendingTask): void {
    if (task.timer) clearTimeout(task.timer);
    task.timer = undefined;
    if (this.frozen || task.done) return;
    const delay = Math.max(0, task.at - this.now());
    task.timer = setTimeout(() => {
      // A late or early wake-up must not run a task out of order with an advance() in between, nor
      // before a task due earlier whose own timer has not fired yet: after a stall node wakes timers in
      // batches per duration, not in the order they are due. So everything due by now runs, in order.
      if (this.now() >= task.at) for (const due of this.dueBy(task.at)) this.runTask(due);
      else this.armRealTimer(task);
    }, delay);
    // Pending emulator work should never keep a test process alive on its own.
    task.timer.unref?.();
  }
}
