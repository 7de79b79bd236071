// Compile states, runs, events, cancel, history and gallery, through the service against the emulator.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/temp-dir';
import type { Workflow } from '../../../src/engine';
import { startEmulator, type Emulator } from '../../emulator/index';
import { CallFailed, FAST_TIMING, runEvents, runFinished, type ServiceUnderTest, useServices, eventMatching, eventually } from './service-harness';

describe('compiling and running through the service', () => {
  const services = useServices();
  const tempDir = useTempDirs();
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ timing: FAST_TIMING, randomSeed: 5 });
  });
  afterAll(async () => {
    await emulator.close();
  });

  const service = () => services({ env: { REPLICATE_BASE_URL: emulator.baseUrl }, token: emulator.token });
  async function openExample(s: ServiceUnderTest, id: string): Promise<{ documentId: string; workflow: Workflow }> {
    const opened = await s.call('workflow.open', { kind: 'example', id });
    if (!('document' in opened)) throw new Error('expected a document');
    return opened.document;
  }
  const stateOf = (compiled: { calls: { node: string; state: string; reason?: string | undefined }[] }, node: string) => compiled.calls.find((c) => c.node === node)!;

  it('says what will run and why, runs with events ending in run-finished, then says it is all cached', async () => {
    emulator.setTiming(FAST_TIMING);
    const s = service();
    const { documentId, workflow } = await openExample(s, 'text-to-image-then-img2img');

    const before = await s.call('run.compile', { documentId, workflow });
    expect(before.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(stateOf(before, 'draft')).toMatchObject({ state: 'will-run', reason: expect.stringContaining('not in the cache') });
    expect(stateOf(before, 'paint')).toMatchObject({ state: 'pending', reason: 'waits for node draft' });
    expect(before.summary).toMatchObject({ calls: 2, toRun: 2, cached: 0 });
    expect(before.summary.estimatedCost).toBeGreaterThan(0);

    const { runId } = await s.call('run.start', { documentId, workflow });
    const finished = await runFinished(s, runId);
    expect(finished).toMatchObject({ status: 'succeeded', totals: { calls: 2, ran: 2, cached: 0, failed: 0 } });
    const types = runEvents(s, runId).map((e) => `${e.type}${e.node ? `:${e.node}` : ''}`);
    expect(types[0]).toBe('run-started');
    expect(types.at(-1)).toBe('run-finished');
    expect(types).toContain('call-succeeded:draft');
    expect(types.indexOf('call-succeeded:draft')).toBeLessThan(types.indexOf('call-succeeded:paint'));

    const after = await s.call('run.compile', { documentId, workflow });
    expect(after.calls.map((c) => c.state)).toEqual(['cached', 'cached']);
    expect(after.summary).toMatchObject({ toRun: 0, cached: 2, estimatedCost: 0 });
    expect(stateOf(after, 'paint')).toMatchObject({ outputs: [expect.objectContaining({ mediaType: expect.stringMatching(/^image\//) })] });

    // An edit downstream: only that call runs again, and the editor is told why.
    const restyled = structuredClone(workflow);
    restyled.nodes.find((n) => n.id === 'restyle')!.params.text = 'the same nook as a pencil sketch';
    const edited = await s.call('run.compile', { documentId, workflow: restyled });
    expect(stateOf(edited, 'draft').state).toBe('cached');
    expect(stateOf(edited, 'paint')).toMatchObject({ state: 'will-run', reason: expect.any(String) });
    expect(edited.summary.toRun).toBe(1);

    // An edit upstream: the downstream call cannot know its input until the new draft exists.
    const redrafted = structuredClone(workflow);
    redrafted.nodes.find((n) => n.id === 'draft')!.params.seed = 7;
    const upstream = await s.call('run.compile', { documentId, workflow: redrafted });
    expect(upstream.calls.map((c) => c.state)).toEqual(['will-run', 'pending']);

    // History and gallery lead back to what ran, with the seed and model of every image.
    const { runs } = await s.call('history.list', { limit: 10 });
    expect(runs[0]).toMatchObject({ id: runId, status: 'succeeded', workflowName: 'Text to image, then img2img' });
    const detail = await s.call('history.get', { id: runId });
    expect(detail.calls.map((c) => [c.node, c.status, c.seed])).toEqual([
      ['draft', 'succeeded', 31337],
      ['paint', 'succeeded', 31338],
    ]);
    const { items } = await s.call('gallery.list', { limit: 10 });
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items.find((i) => i.node === 'draft')).toMatchObject({ runId, seed: 31337, model: expect.stringContaining('/') });

    const stats = await s.call('cache.stats', {});
    expect(stats).toMatchObject({ calls: 2, folder: s.cacheDir });
    expect(stats.bytes).toBeGreaterThan(0);
  });

  it('writes the images of an output node with a folder next to the saved workflow', async () => {
    emulator.setTiming(FAST_TIMING);
    const s = service();
    const folder = tempDir();
    const { documentId, workflow } = await openExample(s, 'text-to-image-then-img2img');
    workflow.nodes.find((n) => n.id === 'save')!.params.folder = 'renders';
    await s.call('workflow.saveAs', { documentId, workflow, target: { kind: 'path', path: join(folder, 'nook.weft') } });
    const { runId } = await s.call('run.start', { documentId, workflow });
    expect((await runFinished(s, runId)).status).toBe('succeeded');
    // Files are written just after the run ends; wait for them as a user would look for them.
    const written = () => (existsSync(join(folder, 'renders')) ? readdirSync(join(folder, 'renders')).filter((name) => !name.startsWith('.')).sort() : []);
    await eventually(() => written().length === 4);
    expect(written()).toEqual([
      expect.stringMatching(/^nook-draft-0\.(webp|png|jpg)$/),
      expect.stringMatching(/^nook-draft-0\.(webp|png|jpg)\.json$/),
      expect.stringMatching(/^nook-paint-0\.(webp|png|jpg)$/),
      expect.stringMatching(/^nook-paint-0\.(webp|png|jpg)\.json$/),
    ]);
  });

  it('runs only what one node needs ("run to here")', async () => {
    emulator.setTiming(FAST_TIMING);
    const s = service();
    const { documentId, workflow } = await openExample(s, 'text-to-image-then-img2img');
    const { runId } = await s.call('run.start', { documentId, workflow, only: 'draft' });
    const finished = await runFinished(s, runId);
    expect(finished.totals.calls).toBe(1);
    expect(runEvents(s, runId).some((e) => e.node === 'paint')).toBe(false);
    await expect(s.call('run.start', { documentId, workflow, only: 'idea' })).rejects.toMatchObject({ code: 'bad-request' });
  });

  for (const target of [{ what: 'the whole run', node: undefined }, { what: 'one call, and so what depends on it', node: 'draft' }]) {
    it(`cancels ${target.what}: the calls end canceled, the run says so, and nothing is cached`, async () => {
      emulator.setTiming({ queueDelayMs: 2, predictMs: 60_000 });
      const s = service();
      const { documentId, workflow } = await openExample(s, 'text-to-image-then-img2img');
      const { runId } = await s.call('run.start', { documentId, workflow });
      // One run per document at a time.
      await expect(s.call('run.start', { documentId, workflow })).rejects.toMatchObject({ code: 'conflict' });
      await eventMatching(s, (e) => e.channel === 'run' && e.event.runId === runId && e.event.type === 'call-queued');
      await s.call('run.cancel', target.node === undefined ? { runId } : { runId, node: target.node });
      const finished = await runFinished(s, runId);
      expect(finished.status).toBe('canceled');
      const ends = runEvents(s, runId).filter((e) => e.type === 'call-canceled').map((e) => e.node);
      expect(ends.sort()).toEqual(['draft', 'paint']);
      expect((await s.call('cache.stats', {})).calls).toBe(0);
      expect((await s.call('history.get', { id: runId })).status).toBe('canceled');
      await expect(s.call('run.cancel', { runId })).rejects.toBeInstanceOf(CallFailed);
      emulator.setTiming(FAST_TIMING);
    });
  }

  it('refuses to run a workflow with errors, saying which', async () => {
    const s = service();
    const { document } = await s.call('workflow.new', {});
    const broken: Workflow = { ...document.workflow, nodes: [{ id: 's', type: 'sampler', position: { x: 0, y: 0 }, params: {} }] };
    await expect(s.call('run.start', { documentId: document.documentId, workflow: broken })).rejects.toThrow(/cannot run: error: node s/);
  });
});
