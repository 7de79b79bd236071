// library.* through the real API handler: every request and answer checked against the contract.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupPackage, insertGroupPackage } from '../../../src/engine';
import { group, grouped } from '../../engine/groups/fixtures';
import { useServices } from './service-harness';

const look = group('look', { s: ['sampler', { seed: 3 }] }, [], { inputs: ['prompt=s.prompt'], outputs: ['images=s.images'] });

describe('library.* calls', () => {
  const services = useServices();

  it('save a group to <dataDir>/library, list it, load it for insertion, and delete it', async () => {
    const s = services();
    const made = groupPackage(grouped({}, [], [look]), 'look');
    if (!made.ok) throw new Error(made.error);
    const { entry } = await s.call('library.save', { group: made.package.group });
    expect(entry).toMatchObject({ id: 'look', name: 'look', inputs: ['prompt'], outputs: ['images'], nodes: 1 });
    expect(existsSync(join(s.dataDir, 'library', 'look.weft-group'))).toBe(true);

    expect((await s.call('library.list', {})).entries.map((e) => e.id)).toEqual(['look']);
    const loaded = await s.call('library.load', { id: 'look' });
    expect(loaded).toEqual({ id: 'look', group: made.package.group, groups: [], assets: {}, models: {} });
    const inserted = insertGroupPackage(grouped({}, [], []), loaded);
    expect(inserted.groupId).toBe('look');

    await s.call('library.delete', { id: 'look' });
    expect(await s.call('library.list', {})).toEqual({ entries: [], problems: [] });
  });

  it('answers conflict, not-found and bad-request as the UI expects', async () => {
    const s = services();
    await s.call('library.save', { group: look, id: 'mine' });
    await expect(s.call('library.save', { group: look, id: 'mine' })).rejects.toMatchObject({ code: 'conflict' });
    await s.call('library.save', { group: { ...look, name: 'Again' }, id: 'mine', replace: true });
    expect((await s.call('library.load', { id: 'mine' })).group.name).toBe('Again');
    await expect(s.call('library.load', { id: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(s.call('library.delete', { id: '../settings' })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(s.call('library.save', { group: { id: 'x' } } as never)).rejects.toMatchObject({ code: 'bad-request' });
  });
});
