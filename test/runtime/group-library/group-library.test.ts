// The group library on disk: one `.weft-group` file per group, written atomically, read back checked.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupPackage, type GroupPackage } from '../../../src/engine';
import { GroupLibrary, GroupLibraryError } from '../../../src/runtime/group-library/group-library';
import { SHA_A } from '../../helpers/build-workflow';
import { useTempDirs } from '../../helpers/temp-dir';
import { group, grouped } from '../../engine/groups/fixtures';

const look = { ...group('look', { i: ['image', { asset: SHA_A }], s: ['sampler', { seed: 3 }] }, ['i.image>s.image'], { inputs: ['prompt=s.prompt'], outputs: ['images=s.images'] }), name: 'Portrait look', description: 'soft light' };

function lookPackage(): GroupPackage {
  const made = groupPackage({ ...grouped({}, [], [look]), assets: { [SHA_A]: { type: 'image/png', data: 'AAAA' } } }, 'look');
  if (!made.ok) throw new Error(made.error);
  return made.package;
}

describe('the group library', () => {
  const tempDir = useTempDirs();
  const library = () => new GroupLibrary(join(tempDir(), 'library'));

  it('is empty before anything is saved, even without its folder', async () => {
    expect(await library().list()).toEqual({ entries: [], problems: [] });
  });

  it('saves, lists, loads and deletes a group with the images it uses', async () => {
    const lib = library();
    const entry = await lib.save(lookPackage());
    expect(entry).toMatchObject({ id: 'portrait-look', name: 'Portrait look', description: 'soft light', inputs: ['prompt'], outputs: ['images'], nodes: 2 });
    const file = JSON.parse(readFileSync(join(lib.folder, 'portrait-look.weft-group'), 'utf8'));
    expect(Object.keys(file)).toEqual(['format', 'version', 'group', 'groups', 'models', 'assets']);
    expect(file).toMatchObject({ format: 'weft-group', version: 1, assets: { [SHA_A]: { type: 'image/png', data: 'AAAA' } } });

    const { entries, problems } = await lib.list();
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.id, e.name])).toEqual([['portrait-look', 'Portrait look']]);
    expect(await lib.load('portrait-look')).toEqual(lookPackage());

    await lib.delete('portrait-look');
    expect((await lib.list()).entries).toEqual([]);
    await expect(lib.load('portrait-look')).rejects.toMatchObject({ code: 'not-found', message: 'the library has no group named "portrait-look"' });
    await expect(lib.delete('portrait-look')).rejects.toMatchObject({ code: 'not-found' });
    // Written through a temp file and renamed: nothing else is left behind.
    expect(readdirSync(lib.folder)).toEqual([]);
  });

  it('keeps a saved group unless told to replace it', async () => {
    const lib = library();
    await lib.save(lookPackage(), { id: 'mine' });
    const changed = { ...lookPackage(), group: { ...look, name: 'Changed' } };
    await expect(lib.save(changed, { id: 'mine' })).rejects.toMatchObject({ code: 'exists' });
    expect((await lib.load('mine')).group.name).toBe('Portrait look');
    await lib.save(changed, { id: 'mine', replace: true });
    expect((await lib.load('mine')).group.name).toBe('Changed');
  });

  it('refuses names that are not plain file names', async () => {
    const lib = library();
    for (const id of ['../escape', 'UPPER', '', 'a/b', '.hidden']) {
      await expect(lib.save(lookPackage(), { id })).rejects.toBeInstanceOf(GroupLibraryError);
    }
    await expect(lib.load('../settings')).rejects.toMatchObject({ code: 'invalid-id' });
  });

  it('names a damaged or newer file among the problems and still lists the rest', async () => {
    const lib = library();
    await lib.save(lookPackage());
    mkdirSync(lib.folder, { recursive: true });
    writeFileSync(join(lib.folder, 'broken.weft-group'), '{"format": "weft-group", ');
    writeFileSync(join(lib.folder, 'future.weft-group'), JSON.stringify({ ...lookPackage(), version: 2 }));
    writeFileSync(join(lib.folder, 'notes.txt'), 'not a group');
    const { entries, problems } = await lib.list();
    expect(entries.map((e) => e.id)).toEqual(['portrait-look']);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/broken\.weft-group:1:\d+: invalid JSON/);
    expect(problems[1]).toMatch(/future\.weft-group: the group file is version 2; this Weft reads up to 1: update Weft to use it$/);
  });
});
