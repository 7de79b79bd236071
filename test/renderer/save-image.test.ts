// Saving an image from the gallery or the viewer: the run that made it goes with the request (so the host
// can embed its workflow), and a file saved without its workflow is said to be, with the host's reason.
import { castDraft } from 'immer';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyWorkflow } from '../../src/engine';

const requests: unknown[] = [];
let answer: unknown;
vi.mock('../../src/renderer/api/client', () => ({
  api: () => ({
    'images.save': async (request: unknown) => {
      requests.push(request);
      return answer;
    },
  }),
}));

const { imageSourceOf, outputFileName, saveImage, savedMessage } = await import('../../src/renderer/commands/save-image');
const { appStore } = await import('../../src/renderer/store/app-store');
const { openDocument } = await import('../../src/renderer/store/documents');

const RUN = '20250131-123456789-abcdef';
const sha = (c: string) => c.repeat(64);
const output = (c: string) => ({ sha256: sha(c), mediaType: 'image/webp', size: 10 });

beforeEach(() => {
  requests.length = 0;
  answer = { savedTo: '/out/draft-1.webp', sidecar: '/out/draft-1.webp.json' };
  appStore.update((s) => {
    s.docs = {};
    s.order = [];
    s.gallery = [];
    s.toasts = [];
    s.info = { version: '0', host: 'electron', platform: 'linux', imageBase: '/images' };
  });
});

describe('saving an image', () => {
  it('names the run, call and output in the request, and says the workflow went with it', async () => {
    await saveImage(sha('a'), 'draft-1.webp', { runId: RUN, node: 'draft', index: 0 });
    expect(requests).toEqual([{ sha256: sha('a'), target: { kind: 'dialog', suggestedName: 'draft-1.webp' }, source: { runId: RUN, node: 'draft', index: 0 } }]);
    expect(appStore.get().toasts.at(-1)).toMatchObject({ kind: 'success', message: 'Saved /out/draft-1.webp with its workflow' });
  });

  it('tells the user when the image went out without its workflow, and why', async () => {
    answer = { savedTo: '/out/x.png', withoutWorkflow: { reason: 'not-in-history', message: 'the run that made it is no longer in history' } };
    await saveImage(sha('b'), 'x.png');
    expect(requests).toEqual([{ sha256: sha('b'), target: { kind: 'dialog', suggestedName: 'x.png' } }]);
    expect(appStore.get().toasts.at(-1)).toMatchObject({ kind: 'info', message: 'Saved /out/x.png without its workflow: the run that made it is no longer in history' });
  });

  it('asks for a path in the browser host, and sends nothing when the prompt is dismissed', async () => {
    appStore.update((s) => {
      s.info = { version: '0', host: 'web', platform: 'linux', imageBase: '/images' };
    });
    const typed = saveImage(sha('c'), 'paint-1.webp', { runId: RUN, node: 'paint', index: 0 });
    expect(appStore.get().pathPrompt?.initial).toBe('paint-1.webp');
    appStore.get().pathPrompt!.resolve('/home/me/paint.webp');
    await typed;
    expect(requests).toEqual([{ sha256: sha('c'), target: { kind: 'path', path: '/home/me/paint.webp' }, source: { runId: RUN, node: 'paint', index: 0 } }]);

    const dismissed = saveImage(sha('c'), 'paint-1.webp');
    appStore.get().pathPrompt!.resolve(undefined);
    await dismissed;
    expect(requests).toHaveLength(1);
  });

  it('words each answer', () => {
    expect(savedMessage({ canceled: true })).toBeUndefined();
    expect(savedMessage({ savedTo: '/a.png', warning: '/a.png.json is not a Weft sidecar, so it was left as it is' })).toEqual({ kind: 'info', message: 'Saved /a.png; /a.png.json is not a Weft sidecar, so it was left as it is' });
  });
});

describe('which run made an image shown in the viewer', () => {
  it('is the gallery’s entry when it has one, else the output of a document’s latest run', () => {
    openDocument({ documentId: 'd1', name: 'd1', workflow: emptyWorkflow(), warnings: [], migrations: [] });
    appStore.update((s) => {
      s.docs.d1!.run = { runId: '20250131-000000000-000001', status: 'succeeded', workflow: emptyWorkflow(), nodes: { 'draft#2': { phase: 'cached', outputs: [output('e'), output('f')] } } };
      s.gallery = castDraft([{ output: output('a'), runId: RUN, node: 'paint', index: 1, model: 'm/n', version: 'v', input: {} }]);
    });
    const state = appStore.get();
    expect(imageSourceOf(state, sha('a'))).toEqual({ runId: RUN, node: 'paint', index: 1 });
    expect(imageSourceOf(state, sha('f'))).toEqual({ runId: '20250131-000000000-000001', node: 'draft#2', index: 1 });
    expect(imageSourceOf(state, sha('9'))).toBeUndefined();
    // A run not yet started has no id history knows.
    appStore.update((s) => {
      s.docs.d1!.run!.status = 'starting';
    });
    expect(imageSourceOf(appStore.get(), sha('f'))).toBeUndefined();
  });

  it('names files after the call without letting its id reach into a folder', () => {
    expect(outputFileName('draft', 0, 'image/webp')).toBe('draft-1.webp');
    expect(outputFileName('portrait/s1#2', 3, 'image/jpeg')).toBe('portrait_s1_2-4.jpg');
    expect(outputFileName('paint', 0)).toBe('paint-1');
  });
});
