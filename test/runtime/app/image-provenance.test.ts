// images.save from the gallery: the saved file carries the provenance of the run that made it (embedded
// and in a sidecar, the same as the files that run wrote itself), and opening it gives the workflow back.
// Without that provenance the image is saved as it is, and the answer says why. Against the emulator.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../../nodes';
import type { Workflow } from '../../../src/engine';
import { Cache } from '../../../src/runtime/cache/cache';
import { compileWorkflow } from '../../../src/runtime/compile-workflow';
import { ImagePreparer } from '../../../src/runtime/images/image-preparer';
import { extractProvenance, RUN_PROVENANCE_FOLDER, RunProvenanceStore } from '../../../src/runtime/provenance';
import { startEmulator, type Emulator } from '../../emulator/index';
import { useTempDirs } from '../../helpers/temp-dir';
import { FAST_TIMING, runFinished, type ServiceUnderTest, useServices, eventually } from './service-harness';

describe('saving an image from the gallery with its provenance', () => {
  const services = useServices();
  const tempDir = useTempDirs();
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ timing: FAST_TIMING, randomSeed: 5 });
  });
  afterAll(async () => {
    await emulator.close();
  });

  interface Ran {
    s: ServiceUnderTest;
    runId: string;
    workflow: Workflow;
    /** The folder the workflow is saved in; its output node writes to `renders/` there. */
    folder: string;
  }

  /** Runs the two-sampler example (a draft, then an img2img of it), saved so its output node writes files. */
  async function runExample(seeds: { draft?: number | 'random' } = {}): Promise<Ran> {
    const s = services({ env: { REPLICATE_BASE_URL: emulator.baseUrl }, token: emulator.token });
    const folder = tempDir();
    const opened = await s.call('workflow.open', { kind: 'example', id: 'text-to-image-then-img2img' });
    if (!('document' in opened)) throw new Error('expected a document');
    const { documentId, workflow } = opened.document;
    workflow.nodes.find((n) => n.id === 'save')!.params.folder = 'renders';
    if (seeds.draft !== undefined) workflow.nodes.find((n) => n.id === 'draft')!.params.seed = seeds.draft;
    await s.call('workflow.saveAs', { documentId, workflow, target: { kind: 'path', path: join(folder, 'nook.weft') } });
    const { runId } = await s.call('run.start', { documentId, workflow });
    expect((await runFinished(s, runId)).status).toBe('succeeded');
    // The run manager keeps the workflow a run started from (without holding the run up for it).
    await eventually(() => existsSync(join(s.dataDir, RUN_PROVENANCE_FOLDER, `${runId}.json`)));
    return { s, runId, workflow, folder };
  }

  async function galleryItem(s: ServiceUnderTest, runId: string, node: string) {
    const { items } = await s.call('gallery.list', { limit: 10 });
    const item = items.find((i) => i.runId === runId && i.node === node);
    if (!item) throw new Error(`no gallery item for ${node}`);
    return item;
  }

  it('embeds the provenance the run wrote into its own files, writes the sidecar, and reopens as the workflow', async () => {
    const { s, runId, folder } = await runExample();
    const item = await galleryItem(s, runId, 'paint');
    const target = join(tempDir(), 'shared');

    const saved = await s.call('images.save', { sha256: item.output.sha256, target: { kind: 'path', path: target }, source: { runId, node: item.node, index: item.index } });
    if ('canceled' in saved) throw new Error('unexpected cancel');
    expect(saved.withoutWorkflow).toBeUndefined();
    expect(saved.savedTo).toMatch(/shared\.(webp|png|jpg)$/);
    expect(saved.sidecar).toBe(`${saved.savedTo}.json`);

    // The same record as the file the run's output node wrote: same workflow, same call, same index.
    const renders = join(folder, 'renders');
    await eventually(() => existsSync(renders) && readdirSync(renders).some((name) => /^nook-paint-0\.\w+\.json$/.test(name)));
    const written = readdirSync(renders).find((name) => /^nook-paint-0\.\w+\.json$/.test(name))!;
    const runWrote = JSON.parse(readFileSync(join(renders, written), 'utf8'));
    const embedded = extractProvenance(readFileSync(saved.savedTo));
    expect(embedded).toEqual(runWrote);
    expect(JSON.parse(readFileSync(saved.sidecar!, 'utf8'))).toEqual(runWrote);
    expect(embedded).toMatchObject({ call: { node: 'paint', seed: 31338, predictionId: item.predictionId }, output: { index: 0 } });

    // Opening the saved file (dropped on the window) gives the workflow back, seeds pinned...
    const reopened = await s.call('workflow.open', { kind: 'image', name: 'shared.webp', base64: readFileSync(saved.savedTo).toString('base64') });
    if (!('document' in reopened)) throw new Error('expected a document');
    const restored = reopened.document.workflow;
    expect(restored.nodes.map((n) => [n.id, n.params.seed])).toEqual([
      ['idea', undefined],
      ['draft', 31337],
      ['restyle', undefined],
      ['paint', 31338],
      ['save', undefined],
    ]);
    expect(restored.nodes.find((n) => n.id === 'restyle')!.params.text).toBe('the same reading nook as a watercolor painting, soft edges');
    // ...and running it again is answered from the cache, call for call.
    const again = await s.call('run.compile', { documentId: reopened.document.documentId, workflow: restored });
    expect(again.calls.map((c) => [c.node, c.state])).toEqual([
      ['draft', 'cached'],
      ['paint', 'cached'],
    ]);
  });

  it('saves an image no run made (an import) as it is, and says why', async () => {
    const s = services();
    const { items: none } = await s.call('gallery.list', { limit: 10 });
    expect(none).toEqual([]);
    const png = await sharp({ create: { width: 24, height: 16, channels: 3, background: '#335577' } }).png().toBuffer();
    const imported = await s.call('images.import', { kind: 'bytes', base64: png.toString('base64') });
    if ('canceled' in imported) throw new Error('unexpected cancel');
    const target = join(tempDir(), 'plain.png');
    const saved = await s.call('images.save', { sha256: imported.sha256, target: { kind: 'path', path: target } });
    expect(saved).toEqual({ savedTo: target, withoutWorkflow: { reason: 'no-source', message: expect.stringContaining('which run made') } });
    expect(readFileSync(target).equals(Buffer.from(imported.data, 'base64'))).toBe(true);
    expect(existsSync(`${target}.json`)).toBe(false);
  });

  it('saves as it is when the run is no longer in history, or its workflow was never kept', async () => {
    const { s, runId } = await runExample();
    const item = await galleryItem(s, runId, 'draft');
    const source = { runId, node: item.node, index: item.index };
    const folder = tempDir();

    // A run from before Weft kept workflows (or whose record could not be written).
    rmSync(join(s.dataDir, RUN_PROVENANCE_FOLDER, `${runId}.json`));
    const unrecorded = await s.call('images.save', { sha256: item.output.sha256, target: { kind: 'path', path: join(folder, 'a') }, source });
    if ('canceled' in unrecorded) throw new Error('unexpected cancel');
    expect(unrecorded.withoutWorkflow).toMatchObject({ reason: 'not-recorded', message: expect.stringContaining('did not keep the workflow') });
    expect(unrecorded.sidecar).toBeUndefined();
    expect(extractProvenance(readFileSync(unrecorded.savedTo))).toBeUndefined();

    // History deleted.
    rmSync(join(s.dataDir, 'history', `${runId}.json`));
    const forgotten = await s.call('images.save', { sha256: item.output.sha256, target: { kind: 'path', path: join(folder, 'b') }, source });
    if ('canceled' in forgotten) throw new Error('unexpected cancel');
    expect(forgotten.withoutWorkflow).toEqual({ reason: 'not-in-history', message: 'the run that made it is no longer in history' });
    expect(existsSync(forgotten.savedTo)).toBe(true);
  });

  it('refuses a request that names an output of the run other than this image, writing nothing', async () => {
    const { s, runId } = await runExample();
    const draft = await galleryItem(s, runId, 'draft');
    const target = join(tempDir(), 'wrong.png');
    const naming = (node: string, index: number) => s.call('images.save', { sha256: draft.output.sha256, target: { kind: 'path', path: target }, source: { runId, node, index } });
    await expect(naming('paint', 0)).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('did not make this image') });
    await expect(naming('draft', 3)).rejects.toMatchObject({ code: 'bad-request' });
    await expect(s.call('images.save', { sha256: draft.output.sha256, target: { kind: 'path', path: target }, source: { runId: 'not-a-run', node: 'draft', index: 0 } })).rejects.toMatchObject({ code: 'bad-request' });
    expect(existsSync(target)).toBe(false);
  });

  it('replaces a sidecar Weft wrote beside the chosen file, but keeps anyone else’s file there', async () => {
    const { s, runId } = await runExample();
    const draft = await galleryItem(s, runId, 'draft');
    const paint = await galleryItem(s, runId, 'paint');
    const folder = tempDir();
    const save = (item: typeof draft, name: string) =>
      s.call('images.save', { sha256: item.output.sha256, target: { kind: 'path', path: join(folder, name) }, source: { runId, node: item.node, index: item.index } });

    // Saved twice over the same name: the second image's sidecar replaces the first's (it described the file replaced).
    const first = await save(draft, 'same');
    const second = await save(paint, 'same');
    if ('canceled' in first || 'canceled' in second) throw new Error('unexpected cancel');
    expect(second.sidecar).toBe(first.sidecar);
    expect(JSON.parse(readFileSync(second.sidecar!, 'utf8')).call.node).toBe('paint');

    // A `.json` of the user's own beside the chosen file is not Weft's to replace.
    const ext = first.savedTo.slice(first.savedTo.lastIndexOf('.'));
    const theirs = join(folder, `notes${ext}.json`);
    writeFileSync(theirs, '{"my": "notes"}');
    const kept = await save(draft, `notes${ext}`);
    if ('canceled' in kept) throw new Error('unexpected cancel');
    expect(kept.sidecar).toBeUndefined();
    expect(kept.warning).toContain('not a Weft sidecar');
    expect(readFileSync(theirs, 'utf8')).toBe('{"my": "notes"}');
    expect(extractProvenance(readFileSync(kept.savedTo))).toMatchObject({ call: { node: 'draft' } });
  });

  it('pins a random seed in the saved workflow to the seed the call was sent with', async () => {
    const { s, runId } = await runExample({ draft: 'random' });
    const item = await galleryItem(s, runId, 'draft');
    const saved = await s.call('images.save', { sha256: item.output.sha256, target: { kind: 'path', path: join(tempDir(), 'lucky') }, source: { runId, node: item.node, index: item.index } });
    if ('canceled' in saved) throw new Error('unexpected cancel');
    const embedded = extractProvenance(readFileSync(saved.savedTo)) as { workflow: Workflow; call: { seed: number } } | undefined;
    expect(embedded?.call.seed).toEqual(expect.any(Number));
    expect(embedded!.workflow.nodes.find((n) => n.id === 'draft')!.params.seed).toBe(embedded!.call.seed);
  });
});
