// A workflow with a generic `model` node (the emulator's fine-tune, read from its stored schema) runs end to
// end through the runner: predictions, downloads, cache, and a second run answered from the cache. Models
// that answer one URL, or text, are imitated by rewriting the emulator's answers on the way in.
import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../src/runtime/providers/http/retrying-fetch';
import { withModels } from '../../engine/model-nodes/fixtures';
import { FLUX_FINE_TUNE } from '../../emulator/index';
import { statusesOf, useRunnerSetup } from './setup';

const setup = useRunnerSetup();

const modelWorkflow = () =>
  withModels(
    {
      draft: ['model', { prompt: 'a lighthouse', megapixels: '0.25', num_inference_steps: 4, num_outputs: 2 }],
      touch: ['model', { prompt: 'at night', megapixels: '0.25', num_inference_steps: 4, prompt_strength: 0.5, seed: 3 }],
      save: ['output', {}],
    },
    ['draft.image>touch.image', 'touch.images>save.images'],
    { draft: FLUX_FINE_TUNE, touch: FLUX_FINE_TUNE },
  );

/** Makes every prediction the emulator answers look as `rewrite` says (its output, typically). */
function rewritingPredictions(rewrite: (output: unknown) => unknown): FetchLike {
  return async (input, init) => {
    const response = await fetch(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (!/\/v1\/predictions/.test(url) || !response.headers.get('content-type')?.includes('json')) return response;
    const body = (await response.json()) as Record<string, unknown>;
    if (Array.isArray(body.output)) body.output = rewrite(body.output);
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    return new Response(JSON.stringify(body), { status: response.status, statusText: response.statusText, headers });
  };
}

describe('a model node in a run', () => {
  it('runs the fine-tune as a generic model, chains its output into the next call, and caches both', async () => {
    const s = await setup();
    const plan = await s.compile(modelWorkflow());
    expect(plan.diagnostics).toEqual([]);
    const first = await s.run(plan);
    expect(statusesOf(first)).toEqual({ draft: 'succeeded', touch: 'succeeded' });
    expect(first.calls[0]!.outputs).toHaveLength(2);
    const sent = (prompt: string) => s.emulator.predictions().find((p) => p.input.prompt === prompt)?.input;
    expect(sent('a lighthouse')).toMatchObject({ num_outputs: 2, seed: 4242, model: 'dev' });
    expect(sent('at night')).toMatchObject({ seed: 3, prompt_strength: 0.5, image: expect.stringMatching(/^http/) });

    const again = await s.run(await s.compile(modelWorkflow()));
    expect(statusesOf(again)).toEqual({ draft: 'cached', touch: 'cached' });
  });

  it('takes a model that answers a single URL instead of a list', async () => {
    const s = await setup();
    const provider = s.newProvider({ fetch: rewritingPredictions((output) => (output as string[])[0]) });
    const plan = await s.compile(withModels({ m: ['model', { prompt: 'one file', megapixels: '0.25', num_inference_steps: 4 }] }, [], { m: FLUX_FINE_TUNE }));
    const result = await s.run(plan, { provider });
    expect(statusesOf(result)).toEqual({ m: 'succeeded' });
    expect(result.calls[0]!.outputs).toEqual([expect.objectContaining({ mediaType: 'image/webp', width: 512, height: 512 })]);
  });

  it('fails a call clearly when the model answers text instead of files', async () => {
    const s = await setup();
    const provider = s.newProvider({ fetch: rewritingPredictions(() => 'A lighthouse on a cliff at dusk, oil on canvas') });
    const plan = await s.compile(withModels({ m: ['model', { prompt: 'caption', megapixels: '0.25', num_inference_steps: 4 }] }, [], { m: FLUX_FINE_TUNE }));
    const result = await s.run(plan, { provider });
    expect(result.calls[0]).toMatchObject({
      status: 'failed',
      error: 'the model returned text ("A lighthouse on a cliff at dusk, oil on…"), not image files: Weft cannot use that output yet',
    });
    expect(await s.cache.stats()).toMatchObject({ calls: 0 });
  });
});
