// Crash recovery: every open document is autosaved to `<dataDir>/recovery/<documentId>.json` (atomic, one
// file per document) and the file is removed when the document is saved or discarded. A file still there
// when the app starts is work the user has not saved: the next start lists it and offers to restore it.
// Each file records its owner process, so two live instances sharing a data folder do not offer each
// other's open documents as "recovered".
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { Workflow } from '../../../engine';
import { isProcessAlive } from '../../history/liveness';
import { isErrno } from '../../storage/errors';
import { writeFileAtomic } from '../../storage/atomic';
import { readJsonFile } from '../../storage/read-json';
import { sweepStaleTempFiles } from '../../storage/temp-files';
import { OPAQUE_ID_PATTERN } from '../ids';

const RecoveryFileSchema = z.object({
  format: z.literal('weft-recovery'),
  version: z.literal(1),
  documentId: z.string().regex(OPAQUE_ID_PATTERN),
  name: z.string(),
  /** The document's file, as the service knew it (never as the renderer claimed it). */
  path: z.string().optional(),
  savedAt: z.string(),
  owner: z.object({ pid: z.number().int(), hostname: z.string() }),
  /** Checked by the workflow loader on restore, which also migrates a file from an older Weft. */
  workflow: z.unknown(),
});
export type RecoveryFile = z.infer<typeof RecoveryFileSchema>;

export interface RecoveryStoreOptions {
  pid?: number;
  hostname?: string;
  isProcessAlive?: (pid: number) => boolean;
  log?: (message: string) => void;
}

export class RecoveryStore {
  private readonly pid: number;
  private readonly hostname: string;
  private readonly isAlive: (pid: number) => boolean;
  private readonly log: (message: string) => void;

  constructor(
    readonly folder: string,
    options: RecoveryStoreOptions = {},
  ) {
    this.pid = options.pid ?? process.pid;
    this.hostname = options.hostname ?? os.hostname();
    this.isAlive = options.isProcessAlive ?? isProcessAlive;
    this.log = options.log ?? (() => {});
  }

  async save(entry: { documentId: string; name: string; path: string | undefined; workflow: Workflow }, now = new Date()): Promise<string> {
    const savedAt = now.toISOString();
    const file: RecoveryFile = {
      format: 'weft-recovery',
      version: 1,
      documentId: entry.documentId,
      name: entry.name,
      ...(entry.path ? { path: entry.path } : {}),
      savedAt,
      owner: { pid: this.pid, hostname: this.hostname },
      workflow: entry.workflow,
    };
    // Cheap to lose (the document is still open), so no folder fsync on every keystroke's autosave.
    await writeFileAtomic(this.pathOf(entry.documentId), JSON.stringify(file), { fsyncDir: false });
    return savedAt;
  }

  async read(documentId: string): Promise<RecoveryFile | undefined> {
    const found = await readJsonFile(this.pathOf(documentId), RecoveryFileSchema);
    if (found.ok) return found.value;
    if (found.error.kind !== 'missing') this.log(`ignoring a damaged recovery file: ${found.error.message}`);
    return undefined;
  }

  /** Unsaved work left by processes that are gone (or by this one), newest first. */
  async list(): Promise<RecoveryFile[]> {
    let names: string[];
    try {
      names = await fsp.readdir(this.folder);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    }
    await sweepStaleTempFiles(this.folder).catch(() => 0);
    const files: RecoveryFile[] = [];
    for (const name of names) {
      const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
      if (!OPAQUE_ID_PATTERN.test(id)) continue;
      const file = await this.read(id);
      if (file && !this.ownedByAnotherLiveProcess(file)) files.push(file);
    }
    return files.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  async remove(documentId: string): Promise<void> {
    await fsp.rm(this.pathOf(documentId), { force: true });
  }

  private ownedByAnotherLiveProcess(file: RecoveryFile): boolean {
    if (file.owner.hostname !== this.hostname || file.owner.pid === this.pid) return false;
    return this.isAlive(file.owner.pid);
  }

  private pathOf(documentId: string): string {
    // The id reaches a path only after this check: no separators, no dots, nothing but [A-Za-z0-9_-].
    if (!OPAQUE_ID_PATTERN.test(documentId)) throw new Error(`invalid document id ${JSON.stringify(documentId.slice(0, 80))}`);
    return join(this.folder, `${documentId}.json`);
  }
}
