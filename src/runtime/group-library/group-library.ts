// The group library: reusable groups, one file each, `<dataDir>/library/<id>.weft-group` (a group
// package: the group, the groups nested in it, the images and model schemas it uses). Files are written
// atomically, so a crash leaves the old file or the new one; a damaged file is reported by name and never
// hides the others.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CURRENT_GROUP_PACKAGE_VERSION, GROUP_PACKAGE_FORMAT, readGroupPackage, slugOf, type GroupPackage } from '../../engine';
import { errnoOf, parseJsonText, writeFileAtomic } from '../storage';

export const GROUP_FILE_EXTENSION = '.weft-group';

/** Library ids are file names on every OS: lowercase letters, digits, `-` and `_`. */
export const LIBRARY_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export type GroupContents = Pick<GroupPackage, 'group' | 'groups' | 'assets' | 'models'>;

export interface LibraryEntry {
  id: string;
  name: string;
  description?: string;
  /** The names of the group's inputs and outputs, for the library panel. */
  inputs: string[];
  outputs: string[];
  nodes: number;
  savedAt: string;
}

export type GroupLibraryErrorCode = 'not-found' | 'exists' | 'invalid-id' | 'damaged';

export class GroupLibraryError extends Error {
  override readonly name = 'GroupLibraryError';

  constructor(
    message: string,
    readonly code: GroupLibraryErrorCode,
  ) {
    super(message);
  }
}

/** The id a group is saved under when none is given: its name, as a file name. */
export function libraryIdFor(name: string): string {
  return slugOf(name).slice(0, 64);
}

export class GroupLibrary {
  constructor(readonly folder: string) {}

  pathOf(id: string): string {
    if (!LIBRARY_ID_PATTERN.test(id)) {
      throw new GroupLibraryError(`"${id}" is not a library name: use lowercase letters, digits, - and _ (at most 64)`, 'invalid-id');
    }
    return join(this.folder, `${id}${GROUP_FILE_EXTENSION}`);
  }

  async list(): Promise<{ entries: LibraryEntry[]; problems: string[] }> {
    let names: string[];
    try {
      names = await fsp.readdir(this.folder);
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return { entries: [], problems: [] };
      throw error;
    }
    const entries: LibraryEntry[] = [];
    const problems: string[] = [];
    const ids = names.filter((n) => n.endsWith(GROUP_FILE_EXTENSION)).map((n) => n.slice(0, -GROUP_FILE_EXTENSION.length));
    for (const id of ids.sort()) {
      if (!LIBRARY_ID_PATTERN.test(id)) continue; // not a name Weft gives: leave it alone
      try {
        const path = this.pathOf(id);
        const [pkg, info] = await Promise.all([this.load(id), fsp.stat(path)]);
        entries.push(entryOf(id, pkg, info.mtime));
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    return { entries, problems };
  }

  /** Saves a group under `id` (by default its name as a file name); an existing one is kept unless `replace`. */
  async save(contents: GroupContents, options: { id?: string; replace?: boolean } = {}): Promise<LibraryEntry> {
    const id = options.id ?? libraryIdFor(contents.group.name);
    const path = this.pathOf(id);
    if (!options.replace && (await exists(path))) {
      throw new GroupLibraryError(`the library already has a group named "${id}": choose another name, or replace it`, 'exists');
    }
    const file: GroupPackage = {
      format: GROUP_PACKAGE_FORMAT,
      version: CURRENT_GROUP_PACKAGE_VERSION,
      group: contents.group,
      groups: contents.groups,
      models: contents.models,
      // Embedded images last, as in a workflow: a reader of the file wants the graph first.
      assets: contents.assets,
    };
    await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
    return entryOf(id, file, new Date());
  }

  async load(id: string): Promise<GroupPackage> {
    const path = this.pathOf(id);
    let text: string;
    try {
      text = await fsp.readFile(path, 'utf8');
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') throw new GroupLibraryError(`the library has no group named "${id}"`, 'not-found');
      throw error;
    }
    const json = parseJsonText(text, z.unknown(), path);
    if (!json.ok) throw new GroupLibraryError(json.error.message, 'damaged');
    const read = readGroupPackage(json.value);
    if (!read.ok) throw new GroupLibraryError(`${path}: ${read.error}`, 'damaged');
    return read.package;
  }

  async delete(id: string): Promise<void> {
    try {
      await fsp.unlink(this.pathOf(id));
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') throw new GroupLibraryError(`the library has no group named "${id}"`, 'not-found');
      throw error;
    }
  }
}

function entryOf(id: string, pkg: GroupContents, savedAt: Date): LibraryEntry {
  const { group } = pkg;
  return {
    id,
    name: group.name,
    ...(group.description !== undefined ? { description: group.description } : {}),
    inputs: [...new Set(group.inputs.map((p) => p.name))],
    outputs: [...new Set(group.outputs.map((p) => p.name))],
    nodes: group.nodes.length,
    savedAt: savedAt.toISOString(),
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await fsp.access(path);
    return true;
  } catch {
    return false;
  }
}
