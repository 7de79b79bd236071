// Never lose work: every open document is autosaved, and after a crash the next start offers it back.
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/temp-dir';
import { useServices } from './service-harness';

describe('autosave and recovery', () => {
  const services = useServices();
  const tempDir = useTempDirs();

  it('offers unsaved work after a crash, with its file, and restores the edited workflow', async () => {
    const before = services();
    const folder = tempDir();
    const opened = await before.call('workflow.open', { kind: 'example', id: 'text-to-image-two-loras' });
    if (!('document' in opened)) throw new Error('expected a document');
    const { documentId, workflow } = opened.document;
    await before.call('workflow.saveAs', { documentId, workflow, target: { kind: 'path', path: join(folder, 'cars.weft') } });
    const edited = structuredClone(workflow);
    edited.nodes.find((n) => n.id === 'prompt')!.params.text = 'unsaved idea';
    // The renderer's claim about the path is ignored: the service records the file it knows.
    await before.call('recovery.autosave', { documentId, workflow: edited, name: 'cars', displayPath: '/etc/passwd' });
    // A reloaded page has lost its state: the same process offers the copy too.
    expect((await before.call('recovery.list', {})).entries.map((e) => e.documentId)).toEqual([documentId]);

    // The app is killed; a new start on the same data folder:
    const after = services({ dataDir: before.dataDir });
    const { entries } = await after.call('recovery.list', {});
    expect(entries).toEqual([{ documentId, name: 'cars', displayPath: join(folder, 'cars.weft'), savedAt: expect.any(String) }]);
    const { document } = await after.call('recovery.restore', { documentId });
    expect(document.workflow.nodes.find((n) => n.id === 'prompt')!.params.text).toBe('unsaved idea');
    expect(document.displayPath).toBe(join(folder, 'cars.weft'));

    // Saving the restored document writes its own file and clears the recovery copy.
    await after.call('workflow.save', { documentId, workflow: document.workflow });
    expect((await services({ dataDir: before.dataDir }).call('recovery.list', {})).entries).toEqual([]);
  });

  it('keeps one recovery file per document, and discarding removes it', async () => {
    const before = services();
    const a = (await before.call('workflow.new', {})).document;
    const b = (await before.call('workflow.new', {})).document;
    await before.call('recovery.autosave', { documentId: a.documentId, workflow: a.workflow, name: 'A' });
    await before.call('recovery.autosave', { documentId: a.documentId, workflow: a.workflow, name: 'A' });
    await before.call('recovery.autosave', { documentId: b.documentId, workflow: b.workflow, name: 'B' });
    expect(readdirSync(join(before.dataDir, 'recovery')).filter((name) => name.endsWith('.json'))).toHaveLength(2);

    const after = services({ dataDir: before.dataDir });
    expect((await after.call('recovery.list', {})).entries.map((e) => e.name).sort()).toEqual(['A', 'B']);
    await after.call('recovery.discard', { documentId: a.documentId });
    expect((await after.call('recovery.list', {})).entries.map((e) => e.name)).toEqual(['B']);
    await expect(after.call('recovery.restore', { documentId: a.documentId })).rejects.toMatchObject({ code: 'not-found' });
  });
});
