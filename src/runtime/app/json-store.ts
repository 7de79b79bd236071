// A small JSON file in the data folder, validated with zod on every read and replaced atomically on
// every write. A missing file is the default value; a damaged one is reported and then treated as the
// default, so one bad file never keeps the app from starting.
import type { z } from 'zod';
import { writeFileAtomic } from '../storage/atomic';
import { readJsonFile } from '../storage/read-json';

export class JsonStore<T> {
  constructor(
    readonly path: string,
    private readonly schema: z.ZodType<T>,
    private readonly fallback: () => T,
    private readonly log: (message: string) => void,
  ) {}

  async read(): Promise<T> {
    const found = await readJsonFile(this.path, this.schema);
    if (found.ok) return found.value;
    if (found.error.kind !== 'missing') this.log(`ignoring ${found.error.message}`);
    return this.fallback();
  }

  async write(value: T): Promise<void> {
    await writeFileAtomic(this.path, `${JSON.stringify(value, null, 2)}\n`);
  }
}

/** Serialises read-modify-write cycles on one store, so two quick calls cannot lose each other's change. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work, work);
    this.tail = next.catch(() => {});
    return next;
  }
}
