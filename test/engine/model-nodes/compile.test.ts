// Compiling `model` nodes: the exact input sent, seeds, image ports, and the diagnostics for a stored
// schema that is missing or no longer matches its hash.
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../nodes';
import { compile, loadWorkflowText, serializeWorkflow, type Workflow } from '../../../src/engine';
import { compileTest, envWithImages, messagesOf, testEnv } from '../../helpers/build-workflow';
import { EMULATOR_MODELS, refOf, withModels } from './fixtures';

const { 'flux-fine-tune': FINE_TUNE, inversions: INVERSIONS } = EMULATOR_MODELS;

describe('a model node compiles to one call', () => {
  it('sends every param that is set or has a default, omits unset optional inputs, and draws a random seed', () => {
    const wf = withModels({ m: ['model', { prompt: 'a lighthouse', num_outputs: 2, aspect_ratio: '16:9' }] }, [], { m: FINE_TUNE });
    const plan = compileTest(wf);
    expect(plan.diagnostics).toEqual([]);
    expect(plan.calls).toHaveLength(1);
    const call = plan.calls[0]!;
    expect(call).toMatchObject({ node: 'm', source: 'm', model: FINE_TUNE.ref, version: FINE_TUNE.version, after: [], seed: 1001, randomSeed: true });
    expect(call.key).toMatch(/^[0-9a-f]{64}$/);
    expect(call.input).toEqual({
      prompt: 'a lighthouse',
      aspect_ratio: '16:9',
      prompt_strength: 0.8,
      model: 'dev',
      num_outputs: 2,
      num_inference_steps: 28,
      guidance_scale: 3,
      seed: 1001,
      output_format: 'webp',
      output_quality: 80,
      disable_safety_checker: false,
      go_fast: false,
      megapixels: '1',
      lora_scale: 1,
      extra_lora_scale: 1,
    });
    // Cog's order, so the input reads like the model's page.
    expect(Object.keys(call.input).slice(0, 3)).toEqual(['prompt', 'aspect_ratio', 'prompt_strength']);
  });

  it('keeps a chosen seed, and the same params give the same key', () => {
    const wf = withModels({ m: ['model', { prompt: 'x', seed: 42 }] }, [], { m: FINE_TUNE });
    const [a, b] = [compileTest(wf), compileTest(wf)];
    expect(a.calls[0]).toMatchObject({ seed: 42, randomSeed: false, input: { seed: 42 } });
    expect(a.calls[0]!.key).toBe(b.calls[0]!.key);
  });

  it('sends wired images as image refs, and passes its outputs downstream like a sampler', () => {
    const wf = withModels(
      {
        photo: ['image', { path: '/in/photo.png' }],
        edit: ['model', { prompt: 'as a watercolour', img2img_mode: 'img2img', seed: 7 }],
        again: ['model', { prompt: 'sharper', seed: 8 }],
        save: ['output', {}],
      },
      ['photo.image>edit.image', 'edit.image>again.image', 'again.images>save.images'],
      { edit: INVERSIONS, again: FINE_TUNE },
    );
    const plan = compileTest(wf, envWithImages({ '/in/photo.png': { sha256: 'c'.repeat(64), width: 800, height: 600 } }));
    expect(plan.diagnostics).toEqual([]);
    expect(plan.calls.map((c) => c.node)).toEqual(['edit', 'again']);
    expect(plan.calls[0]!.input).toMatchObject({ image: { $image: { blob: 'c'.repeat(64) } }, img2img_mode: 'img2img', eta: 0.9 });
    expect(plan.calls[1]!.input.image).toEqual({ $image: { output: { node: 'edit', index: 0 } } });
    expect(plan.calls[1]).toMatchObject({ after: ['edit'], key: null });
    expect(plan.outputs).toEqual([{ node: 'save', prefix: 'weft', sources: [{ node: 'again' }] }]);
  });

  it('validates params against the schema and sweeps them like any node', () => {
    const bad = compileTest(withModels({ m: ['model', { prompt: 'x', num_outputs: 9, megapixels: 1, extra: true }] }, [], { m: FINE_TUNE }));
    expect(messagesOf(bad)).toEqual(['m.num_outputs param-invalid', 'm.megapixels param-invalid', 'm.extra param-unknown']);
    expect(bad.diagnostics[0]!.message).toBe('must be a whole number between 1 and 4');
    const missing = compileTest(withModels({ m: ['model', {}] }, [], { m: FINE_TUNE }));
    expect(missing.diagnostics).toEqual([expect.objectContaining({ code: 'param-invalid', param: 'prompt', message: "is missing: prompt is required (type it, or wire a prompt into the node's prompt input)" })]);
    const swept = compileTest(withModels({ m: ['model', { prompt: 'x', guidance_scale: { $sweep: [2, 4] } }] }, [], { m: FINE_TUNE }));
    expect(swept.calls.map((c) => [c.node, c.input.guidance_scale])).toEqual([
      ['m#1', 2],
      ['m#2', 4],
    ]);
  });

  it('checks a wire into a model port by type', () => {
    const wf = withModels({ p: ['prompt', { text: 'x' }], m: ['model', { prompt: 'x' }] }, ['p.prompt>m.image'], { m: FINE_TUNE });
    expect(compileTest(wf).diagnostics).toEqual([expect.objectContaining({ code: 'edge-type', node: 'm', message: 'a prompt cannot go into image (it takes an image)' })]);
  });
});

describe('a stored schema that cannot be used', () => {
  const base = () => withModels({ m: ['model', { prompt: 'x' }], save: ['output', {}] }, ['m.images>save.images'], { m: FINE_TUNE });

  it('is an error on the nodes using it when it no longer matches its hash, and the file still loads', () => {
    const wf = base();
    const text = serializeWorkflow(wf).replace('"Number of outputs to generate"', '"Number of outputs to generate (edited)"');
    const loaded = loadWorkflowText(text);
    expect(loaded.ok).toBe(true);
    const plan = compile((loaded as { workflow: Workflow }).workflow, catalog, testEnv());
    expect(plan.calls).toEqual([]);
    expect(plan.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'model-schema-hash',
        node: 'm',
        message: `the stored schema of ${refOf(FINE_TUNE)} does not match its schemaHash (the file was edited or damaged): add the model again to fetch it`,
      },
      expect.objectContaining({ code: 'upstream-error', node: 'save', message: 'is blocked: node m has errors' }),
    ]);
  });

  it('is an error when the workflow stores no schema for the model, or the node names none', () => {
    const wf = base();
    expect(messagesOf(compileTest({ ...wf, models: {} }))).toEqual(['m model-schema-missing', 'save upstream-error']);
    const nameless = { ...wf, nodes: wf.nodes.map((n) => (n.id === 'm' ? { ...n, model: undefined } : n)) };
    expect(messagesOf(compileTest(nameless))[0]).toBe('m model-missing');
    const unpinned = { ...wf, nodes: wf.nodes.map((n) => (n.id === 'm' ? { ...n, model: FINE_TUNE.ref } : n)) };
    expect(compileTest(unpinned).diagnostics[0]!.message).toMatch(/must be owner\/name:version/);
  });

  it('loads and saves back the models section unchanged', () => {
    const text = serializeWorkflow(base());
    const loaded = loadWorkflowText(text);
    expect(loaded.ok && serializeWorkflow(loaded.workflow)).toBe(text);
    expect(loadWorkflowText(text.replace('"schemaHash"', '"hash"'))).toEqual({ ok: false, error: `model ${refOf(FINE_TUNE)}: schemaHash is missing` });
  });
});
