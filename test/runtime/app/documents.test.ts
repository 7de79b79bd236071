// Opening, editing and saving workflows through the service, as the editor does.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/temp-dir';
import { useServices } from './service-harness';

describe('documents', () => {
  const services = useServices();
  const tempDir = useTempDirs();

  it('lists the examples and opens one as an untitled copy that must be saved somewhere', async () => {
    const s = services();
    const { examples } = await s.call('workflow.examples', {});
    expect(examples.map((e) => e.id)).toContain('inpainting');
    const opened = await s.call('workflow.open', { kind: 'example', id: 'inpainting' });
    if (!('document' in opened)) throw new Error('expected a document');
    expect(opened.document.name).toBe('Inpainting the sun with a painted mask');
    expect(opened.document.displayPath).toBeUndefined();
    expect(opened.document.warnings).toEqual([]);
    const saved = await s.call('workflow.save', { documentId: opened.document.documentId, workflow: opened.document.workflow });
    expect(saved).toEqual({ saved: false, needsTarget: true });
  });

  it('saves as a file, then saves again keeping the previous version as .bak', async () => {
    const s = services();
    const folder = tempDir();
    const opened = await s.call('workflow.open', { kind: 'example', id: 'text-to-image-two-loras' });
    if (!('document' in opened)) throw new Error('expected a document');
    const { documentId, workflow } = opened.document;

    const first = await s.call('workflow.saveAs', { documentId, workflow, target: { kind: 'path', path: join(folder, 'cars') } });
    const file = join(folder, 'cars.weft');
    expect(first).toMatchObject({ saved: true, displayPath: file, name: 'cars' });
    expect(JSON.parse(readFileSync(file, 'utf8')).nodes).toHaveLength(workflow.nodes.length);

    const edited = structuredClone(workflow);
    edited.nodes.find((n) => n.id === 'prompt')!.params.text = 'a blue car';
    await s.call('workflow.save', { documentId, workflow: edited });
    expect(JSON.parse(readFileSync(file, 'utf8')).nodes.find((n: { id: string }) => n.id === 'prompt').params.text).toBe('a blue car');
    expect(JSON.parse(readFileSync(`${file}.bak`, 'utf8')).nodes.find((n: { id: string }) => n.id === 'prompt').params.text).toContain('red vintage car');
  });

  it('remembers recent files by opaque id and reopens them by that id only', async () => {
    const s = services();
    const folder = tempDir();
    const opened = await s.call('workflow.open', { kind: 'example', id: 'inpainting' });
    if (!('document' in opened)) throw new Error('expected a document');
    await s.call('workflow.saveAs', { documentId: opened.document.documentId, workflow: opened.document.workflow, target: { kind: 'path', path: join(folder, 'sun.weft') } });

    // A new start on the same data folder still knows it.
    const later = services({ dataDir: s.dataDir });
    const { entries } = await later.call('workflow.recent', {});
    expect(entries).toHaveLength(1);
    expect(entries[0]!.displayPath).toBe(join(folder, 'sun.weft'));
    expect(entries[0]!.id).not.toContain('/');
    const reopened = await later.call('workflow.open', { kind: 'recent', id: entries[0]!.id });
    expect(reopened).toMatchObject({ document: { name: 'sun', displayPath: join(folder, 'sun.weft') } });
    await expect(later.call('workflow.open', { kind: 'recent', id: join(folder, 'sun.weft') })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('opens dropped text, and says clearly what is wrong with a file that is not a workflow', async () => {
    const s = services();
    const example = readFileSync(join(__dirname, '../../../resources/examples/inpainting.weft'), 'utf8');
    const dropped = await s.call('workflow.open', { kind: 'text', name: 'mine.weft', text: example });
    expect(dropped).toMatchObject({ document: { name: 'Inpainting the sun with a painted mask' } });
    await expect(s.call('workflow.open', { kind: 'text', name: 'notes.txt', text: 'hello' })).rejects.toThrow(/notes\.txt: not valid JSON/);

    const folder = tempDir();
    writeFileSync(join(folder, 'broken.weft'), '{"format":"weft-workflow","version":99}');
    await expect(s.call('workflow.open', { kind: 'path', path: join(folder, 'broken.weft') })).rejects.toThrow(/update Weft/);
    await expect(s.call('workflow.open', { kind: 'path', path: join(folder, 'missing.weft') })).rejects.toMatchObject({ code: 'not-found' });
    await expect(s.call('workflow.open', { kind: 'path', path: 'relative/file.weft' })).rejects.toThrow(/not an absolute path/);
  });

  it('refuses paths from the editor when the host does not take them (the desktop app)', async () => {
    const s = services({ hooks: { acceptsPathsFromRenderer: false } });
    const folder = tempDir();
    await expect(s.call('workflow.open', { kind: 'path', path: join(folder, 'x.weft') })).rejects.toMatchObject({ code: 'bad-request' });
    const { document } = await s.call('workflow.new', {});
    await expect(s.call('workflow.saveAs', { documentId: document.documentId, workflow: document.workflow, target: { kind: 'path', path: join(folder, 'x.weft') } })).rejects.toThrow(/dialog/);
    expect(existsSync(join(folder, 'x.weft'))).toBe(false);
  });

  it('uses the native dialogs a host provides, and a canceled dialog changes nothing', async () => {
    const folder = tempDir();
    const chosen: string[] = [];
    let answer: string | undefined = join(folder, 'picked.weft');
    const s = services({
      hooks: {
        acceptsPathsFromRenderer: false,
        chooseWorkflowSavePath: async (suggested) => {
          chosen.push(suggested);
          return answer;
        },
      },
    });
    const { document } = await s.call('workflow.new', {});
    expect(await s.call('workflow.saveAs', { documentId: document.documentId, workflow: document.workflow, target: { kind: 'dialog' } })).toMatchObject({ saved: true, name: 'picked' });
    expect(chosen).toEqual(['Untitled.weft']);
    answer = undefined;
    expect(await s.call('workflow.saveAs', { documentId: document.documentId, workflow: document.workflow, target: { kind: 'dialog' } })).toEqual({ canceled: true });
  });
});
