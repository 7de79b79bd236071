/**
 * `<history>/running/<runId>`: one marker per live run. It exists from before the run's first write
 * until after its last, names its owner, and its mtime is the owner's heartbeat (refreshed with utimes,
 * never rewritten). Another process opening the history only has to look at this small folder, not
 * at every run ever recorded, to find runs whose owner died.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../storage/atomic';
import { isErrno, toStorageError } from '../storage/errors';
import { isRunId } from './run-id';
import type { RunOwner } from './schema';

export class RunMarkers {
  constructor(
    readonly dir: string,
    private readonly owner: RunOwner,
    private readonly now: () => number,
  ) {}

  async create(id: string): Promise<void> {
    await writeFileAtomic(this.pathOf(id), JSON.stringify(this.owner), { fsyncDir: false });
    await this.touch(id);
  }

  /** Refreshes the heartbeat; false when the marker is gone (another process judged the run dead). */
  async touch(id: string): Promise<boolean> {
    const time = new Date(this.now());
    try {
      await fsp.utimes(this.pathOf(id), time, time);
      return true;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return false;
      throw error;
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await fsp.unlink(this.pathOf(id));
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw toStorageError(error, this.pathOf(id), 'delete');
    }
  }

  /** The last heartbeat (ms since the epoch), or undefined when there is no marker. */
  async heartbeatOf(id: string): Promise<number | undefined> {
    try {
      return (await fsp.stat(this.pathOf(id))).mtimeMs;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw error;
    }
  }

  async list(): Promise<string[]> {
    try {
      return (await fsp.readdir(this.dir)).filter(isRunId);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    }
  }

  private pathOf(id: string): string {
    return join(this.dir, id);
  }
}
