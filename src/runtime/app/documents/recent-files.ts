// The recent-files list, kept in the data folder. Each entry has an opaque id: the renderer shows the
// display path and opens an entry by its id, so it can never ask this list to open a file of its choosing.
import { join } from 'node:path';
import { z } from 'zod';
import { newOpaqueId } from '../ids';
import { JsonStore, SerialQueue } from '../json-store';
import { documentName } from './document-registry';

const MAX_RECENT = 15;

const RecentFileSchema = z.object({
  id: z.string().min(1),
  path: z.string().min(1),
  openedAt: z.string(),
});
const RecentFilesSchema = z.object({ version: z.literal(1), entries: z.array(RecentFileSchema) });
type RecentFile = z.infer<typeof RecentFileSchema>;

export interface RecentEntryView {
  id: string;
  name: string;
  displayPath: string;
  openedAt: string;
}

export class RecentFiles {
  private readonly store: JsonStore<z.infer<typeof RecentFilesSchema>>;
  private readonly queue = new SerialQueue();

  constructor(dataDir: string, log: (message: string) => void) {
    this.store = new JsonStore(join(dataDir, 'recent.json'), RecentFilesSchema, () => ({ version: 1 as const, entries: [] }), log);
  }

  async list(): Promise<RecentEntryView[]> {
    const { entries } = await this.store.read();
    return entries.map(view);
  }

  /** Moves `path` to the top (keeping its id, so an entry the renderer shows stays valid). */
  remember(path: string, now = new Date()): Promise<void> {
    return this.queue.run(async () => {
      const { entries } = await this.store.read();
      const existing = entries.find((entry) => entry.path === path);
      const entry: RecentFile = { id: existing?.id ?? newOpaqueId(), path, openedAt: now.toISOString() };
      const rest = entries.filter((other) => other.path !== path);
      await this.store.write({ version: 1, entries: [entry, ...rest].slice(0, MAX_RECENT) });
    });
  }

  async pathOf(id: string): Promise<string | undefined> {
    const { entries } = await this.store.read();
    return entries.find((entry) => entry.id === id)?.path;
  }

  /** Drops an entry whose file is gone, so the list does not keep offering it. */
  forget(id: string): Promise<void> {
    return this.queue.run(async () => {
      const { entries } = await this.store.read();
      await this.store.write({ version: 1, entries: entries.filter((entry) => entry.id !== id) });
    });
  }
}

function view(entry: RecentFile): RecentEntryView {
  return { id: entry.id, name: documentName(entry.path, undefined), displayPath: entry.path, openedAt: entry.openedAt };
}
