// A prompt wired into a model node: the text port beside each plain text input. Wired, the prompt's text is
// sent instead of the param's value, exactly as if typed there (same input, same key); unwired, the param
// is sent as before; sweeps arriving through the wire expand the node as they expand a sampler.
import { describe, expect, it } from 'vitest';
import { schemaHashOf, type ModelEntry, type Workflow } from '../../../src/engine';
import { compileTest, envWithImages, messagesOf } from '../../helpers/build-workflow';
import { comparable, group, grouped } from '../groups/fixtures';
import { EMULATOR_MODELS, withModels } from './fixtures';

const { 'flux-fine-tune': FINE_TUNE, inversions: INVERSIONS } = EMULATOR_MODELS;
const sweep = (values: unknown[]) => ({ $sweep: values });

describe('a prompt wired into a model node', () => {
  it('sends the prompt\'s text as the input of that name, over the param\'s value, and says the param is driven by the wire', () => {
    const wf = withModels({ p: ['prompt', { text: 'a lighthouse at dusk' }], m: ['model', { prompt: 'typed, and overridden', seed: 3 }] }, ['p.prompt>m.prompt'], { m: FINE_TUNE });
    const plan = compileTest(wf);
    expect(plan.diagnostics).toEqual([]);
    expect(plan.calls.map((c) => [c.node, c.input.prompt, c.seed])).toEqual([['m', 'a lighthouse at dusk', 3]]);
    // The editor greys the param out as it does any param not sent: changing it costs no new prediction.
    expect(plan.nodes.m).toEqual({ ignoredParams: ['prompt'], wiredParams: ['prompt'] });
  });

  it('needs no param when the model requires the input and a wire gives it', () => {
    const wf = withModels({ p: ['prompt', { text: 'a fox' }], m: ['model', { seed: 3 }] }, ['p.prompt>m.prompt'], { m: FINE_TUNE });
    const plan = compileTest(wf);
    expect(plan.diagnostics).toEqual([]);
    expect(plan.calls[0]!.input.prompt).toBe('a fox');
  });

  it('sends the param when nothing is wired, exactly as before, and asks for one or the other when neither is there', () => {
    const unwired = compileTest(withModels({ p: ['prompt', { text: 'not wired' }], m: ['model', { prompt: 'typed', seed: 3 }] }, [], { m: FINE_TUNE }));
    expect(unwired.calls[0]!.input.prompt).toBe('typed');
    expect(unwired.nodes).toEqual({});
    const neither = compileTest(withModels({ m: ['model', { seed: 3 }] }, [], { m: FINE_TUNE }));
    expect(neither.calls).toEqual([]);
    expect(neither.diagnostics).toEqual([
      { severity: 'error', code: 'param-invalid', node: 'm', param: 'prompt', message: "is missing: prompt is required (type it, or wire a prompt into the node's prompt input)" },
    ]);
    // A node that cannot run draws no seed: the random seeds of the others are what they were.
    const after = compileTest(withModels({ m: ['model', {}], n: ['model', { prompt: 'x' }] }, [], { m: FINE_TUNE, n: FINE_TUNE }));
    expect(after.calls.map((c) => [c.node, c.seed])).toEqual([['n', 1001]]);
  });

  it('says only that two prompts are wired into one text input, not that the input is missing', () => {
    const wf = withModels({ p: ['prompt', { text: 'a' }], q: ['prompt', { text: 'b' }], m: ['model', { seed: 3 }] }, ['p.prompt>m.prompt', 'q.prompt>m.prompt'], { m: FINE_TUNE });
    const plan = compileTest(wf);
    expect(plan.calls).toEqual([]);
    expect(plan.diagnostics.map((d) => `${d.node}:${d.code}`)).toEqual(['m:edge-duplicate']);
  });

  it('gives the same call and the same cache key as the same text typed into the param', () => {
    const text = '  a fox in the snow, 35mm  ';
    const wired = compileTest(withModels({ p: ['prompt', { text }], m: ['model', { prompt: 'other', seed: 9, guidance_scale: 2.5 }] }, ['p.prompt>m.prompt'], { m: FINE_TUNE }));
    const typed = compileTest(withModels({ m: ['model', { prompt: text, seed: 9, guidance_scale: 2.5 }] }, [], { m: FINE_TUNE }));
    expect(wired.calls[0]!.key).toMatch(/^[0-9a-f]{64}$/);
    expect(wired.calls[0]!.input).toEqual(typed.calls[0]!.input);
    expect(wired.calls[0]!.key).toBe(typed.calls[0]!.key);
    // Even the random seed: the wire changes nothing in the order seeds are drawn.
    const [a, b] = [
      compileTest(withModels({ p: ['prompt', { text }], m: ['model', {}] }, ['p.prompt>m.prompt'], { m: FINE_TUNE })),
      compileTest(withModels({ m: ['model', { prompt: text }] }, [], { m: FINE_TUNE })),
    ];
    expect(a.calls[0]).toMatchObject({ seed: b.calls[0]!.seed, randomSeed: true, key: b.calls[0]!.key });
  });

  it('treats an empty wired text as an emptied param: an optional text input without a default is not sent', () => {
    const ref = `o/painter:${'f'.repeat(64)}`;
    const schema = {
      Input: {
        type: 'object',
        required: ['prompt'],
        properties: { prompt: { type: 'string', 'x-order': 0 }, negative_prompt: { type: 'string', 'x-order': 1 }, seed: { type: 'integer', 'x-order': 2 } },
      },
      Output: { type: 'array', items: { type: 'string', format: 'uri' } },
    };
    const entry: ModelEntry = { schema, schemaHash: schemaHashOf(schema), fetchedAt: '2025-03-01T12:00:00.000Z' };
    const build = (params: Record<string, unknown>, edges: string[]): Workflow => {
      const wf = withModels({ p: ['prompt', { text: 'a fox' }], n: ['prompt', { text: '' }], m: ['model', params] }, edges, {});
      return { ...wf, nodes: wf.nodes.map((node) => (node.id === 'm' ? { ...node, model: ref } : node)), models: { [ref]: entry } };
    };
    const wired = compileTest(build({ seed: 4 }, ['p.prompt>m.prompt', 'n.prompt>m.negative_prompt']));
    const typed = compileTest(build({ prompt: 'a fox', negative_prompt: '', seed: 4 }, []));
    expect(wired.calls[0]!.input).toEqual({ prompt: 'a fox', seed: 4 });
    expect(wired.calls[0]!.key).toBe(typed.calls[0]!.key);
    expect(messagesOf(wired)).toEqual(['n.text prompt-empty']);
  });

  it('checks the wired text as the param would check it, and says so on the port', () => {
    const ref = `o/short:${'e'.repeat(64)}`;
    const schema = {
      Input: { type: 'object', properties: { prompt: { type: 'string', maxLength: 10, 'x-order': 0 } } },
      Output: { type: 'string', format: 'uri' },
    };
    const wf = withModels({ p: ['prompt', { text: 'far longer than ten' }], m: ['model', {}] }, ['p.prompt>m.prompt'], {});
    const plan = compileTest({
      ...wf,
      nodes: wf.nodes.map((node) => (node.id === 'm' ? { ...node, model: ref } : node)),
      models: { [ref]: { schema, schemaHash: schemaHashOf(schema) } },
    });
    expect(plan.calls).toEqual([]);
    expect(plan.diagnostics).toEqual([{ severity: 'error', code: 'input-invalid', node: 'm', port: 'prompt', message: 'the text wired here must be at most 10 characters' }]);
  });

  it('refuses an image wired into a text port, and a prompt wired into an image port, saying what each takes', () => {
    const wf = withModels(
      { photo: ['image', { path: '/in/photo.png' }], p: ['prompt', { text: 'x' }], m: ['model', { prompt: 'y' }] },
      ['photo.image>m.prompt', 'p.prompt>m.image'],
      { m: FINE_TUNE },
    );
    const plan = compileTest(wf, envWithImages({ '/in/photo.png': { sha256: 'c'.repeat(64), width: 800, height: 600 } }));
    expect(plan.calls).toEqual([]);
    expect(plan.diagnostics).toEqual([
      { severity: 'error', code: 'edge-type', edge: 'e1', node: 'm', port: 'prompt', message: 'an image cannot go into prompt (it takes a prompt)' },
      { severity: 'error', code: 'edge-type', edge: 'e2', node: 'm', port: 'image', message: 'a prompt cannot go into image (it takes an image)' },
    ]);
  });

  it('reaches every text input of the model, not only the one called prompt', () => {
    const wf = withModels(
      { p: ['prompt', { text: 'a fox' }], lora: ['prompt', { text: 'fofr/flux-80s-cyberpunk' }], m: ['model', { seed: 1 }] },
      ['p.prompt>m.prompt', 'lora.prompt>m.replicate_weights'],
      { m: FINE_TUNE },
    );
    const plan = compileTest(wf);
    expect(plan.diagnostics).toEqual([]);
    expect(plan.calls[0]!.input).toMatchObject({ prompt: 'a fox', replicate_weights: 'fofr/flux-80s-cyberpunk' });
    expect(plan.nodes.m?.ignoredParams).toEqual(['prompt', 'replicate_weights']);
  });
});

describe('a swept prompt wired into a model node', () => {
  it('expands the model node into one call per value, labelled, as it expands a sampler', () => {
    const wf = withModels(
      { p: ['prompt', { text: sweep(['a fox', 'a hare', 'an owl']) }], m: ['model', { seed: 5 }], s: ['sampler', { seed: 5 }] },
      ['p.prompt>m.prompt', 'p.prompt>s.prompt'],
      { m: FINE_TUNE },
    );
    const plan = compileTest(wf);
    expect(plan.diagnostics).toEqual([]);
    expect(plan.calls.filter((c) => c.source === 'm').map((c) => [c.node, c.input.prompt, c.variant?.label])).toEqual([
      ['m#1', 'a fox', 'text=a fox'],
      ['m#2', 'a hare', 'text=a hare'],
      ['m#3', 'an owl', 'text=an owl'],
    ]);
    expect(plan.calls.filter((c) => c.source === 's').map((c) => c.node)).toEqual(['s#1', 's#2', 's#3']);
    // Each call is keyed as the same text typed into the param would be.
    for (const call of plan.calls.filter((c) => c.source === 'm')) {
      const typed = compileTest(withModels({ m: ['model', { prompt: call.input.prompt, seed: 5 }] }, [], { m: FINE_TUNE }));
      expect(call.key).toBe(typed.calls[0]!.key);
    }
  });

  it('never crosses the sweep with itself when it also arrives through an image', () => {
    const wf = withModels(
      { p: ['prompt', { text: sweep(['a fox', 'a hare']) }], s: ['sampler', { seed: 1 }], m: ['model', { img2img_mode: 'img2img', seed: 2 }], o: ['output', {}] },
      ['p.prompt>s.prompt', 's.image>m.image', 'p.prompt>m.prompt', 'm.images>o.images'],
      { m: INVERSIONS },
    );
    const plan = compileTest(wf);
    expect(plan.diagnostics).toEqual([]);
    expect(plan.calls.map((c) => [c.node, c.after, c.input.prompt])).toEqual([
      ['s#1', [], 'a fox'],
      ['s#2', [], 'a hare'],
      ['m#1', ['s#1'], 'a fox'],
      ['m#2', ['s#2'], 'a hare'],
    ]);
    expect(plan.outputs).toEqual([{ node: 'o', prefix: 'weft', sources: [{ node: 'm#1' }, { node: 'm#2' }] }]);
  });

  it('crosses with the node\'s own sweeps, upstream first', () => {
    const wf = withModels({ p: ['prompt', { text: sweep(['a', 'b']) }], m: ['model', { seed: sweep([1, 2]) }] }, ['p.prompt>m.prompt'], { m: FINE_TUNE });
    const plan = compileTest(wf);
    expect(plan.calls.map((c) => c.variant?.label)).toEqual(['text=a, seed=1', 'text=a, seed=2', 'text=b, seed=1', 'text=b, seed=2']);
    expect(new Set(plan.calls.map((c) => c.key)).size).toBe(4);
  });

  it('leaves a sweep of the driven param without effect: its calls are one call, one key', () => {
    const wf = withModels({ p: ['prompt', { text: 'a fox' }], m: ['model', { prompt: sweep(['x', 'y']), seed: 1 }] }, ['p.prompt>m.prompt'], { m: FINE_TUNE });
    const plan = compileTest(wf);
    expect(plan.diagnostics).toEqual([]);
    expect(plan.calls.map((c) => c.input.prompt)).toEqual(['a fox', 'a fox']);
    expect(new Set(plan.calls.map((c) => c.key)).size).toBe(1);
    expect(plan.nodes.m?.ignoredParams).toEqual(['prompt']);
  });
});

describe('a model node\'s text port inside a group', () => {
  it('is a group input like any port, and the call inside has the key it has outside', () => {
    const look = group('look', { m: ['model', { seed: 7 }] }, [], { inputs: ['prompt=m.prompt'], outputs: ['images=m.images'] });
    const flat = withModels({ p: ['prompt', { text: 'a fox' }], m: ['model', { seed: 7 }] }, ['p.prompt>m.prompt'], { m: FINE_TUNE });
    const model = flat.nodes.find((n) => n.id === 'm')!.model!;
    const wf = { ...grouped({ p: ['prompt', { text: 'a fox' }], g: ['group', { group: 'look' }] }, ['p.prompt>g.prompt'], [{ ...look, nodes: look.nodes.map((n) => ({ ...n, model })) }]), models: flat.models };
    const plan = compileTest(wf);
    expect(plan.diagnostics).toEqual([]);
    const rename = (id: string) => id.replace(/^g\//, '');
    expect(plan.calls.map((c) => comparable(c, rename))).toEqual(compileTest(flat).calls.map((c) => comparable(c, (id) => id)));
    expect(plan.calls[0]!.input.prompt).toBe('a fox');
  });
});
