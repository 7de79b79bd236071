// Node definitions built from published schemas: the emulator's three versions (as Replicate serves them)
// and small made-up schemas for the rules those three do not exercise.
import { describe, expect, it } from 'vitest';
import { modelNodeFor, readCogSchema, buildModelNode, summarizeDefinition, type ModelEntry, schemaHashOf } from '../../../src/engine';
import { EMULATOR_MODELS, refOf, storedEntry } from './fixtures';

const VERSION = 'f'.repeat(64);

function summaryOf(ref: string, entry: ModelEntry) {
  const built = modelNodeFor(ref, { [ref]: entry });
  if ('problem' in built) throw new Error(built.problem.message);
  return { ...summarizeDefinition(built.definition), problems: built.problems };
}

/** A stored entry from a bare Input (and Output) schema, the way Cog writes them. */
function entryFrom(properties: Record<string, unknown>, output: unknown, extra: Record<string, unknown> = {}, required: string[] = []): ModelEntry {
  const schema = { Input: { type: 'object', title: 'Input', required, properties }, ...(output === undefined ? {} : { Output: output }), ...extra };
  return { schema, schemaHash: schemaHashOf(schema), fetchedAt: '2025-03-01T12:00:00.000Z' };
}

const URI_LIST = { type: 'array', items: { type: 'string', format: 'uri' }, title: 'Output' };

describe('a node from the FLUX LoRA schema (flux-thoth and the fine-tune)', () => {
  for (const key of ['flux-thoth', 'flux-fine-tune'] as const) {
    it(`${key}: image and mask ports, a text port beside each text param, outputs as the sampler's, every other input a param in Cog's order`, () => {
      const model = EMULATOR_MODELS[key];
      const node = summaryOf(refOf(model), storedEntry(model));
      expect(node.type).toBe('model');
      expect(node.title).toBe(model.ref);
      expect(node.problems).toEqual([]);
      expect(node.inputs).toEqual([
        expect.objectContaining({ name: 'prompt', type: 'text', label: 'prompt', optional: true }),
        expect.objectContaining({ name: 'image', type: 'image', optional: true }),
        expect.objectContaining({ name: 'mask', type: 'mask', optional: true, accepts: ['image'] }),
        expect.objectContaining({ name: 'replicate_weights', type: 'text', label: 'replicate weights', optional: true }),
        expect.objectContaining({ name: 'extra_lora', type: 'text', label: 'extra lora', optional: true }),
      ]);
      expect(node.outputs.map((p) => [p.name, p.type])).toEqual([
        ['images', 'images'],
        ['image', 'image'],
      ]);
      expect(node.params.map((p) => p.name)).toEqual([
        'prompt', 'aspect_ratio', 'height', 'width', 'prompt_strength', 'model', 'num_outputs', 'num_inference_steps', 'guidance_scale',
        'seed', 'output_format', 'output_quality', 'disable_safety_checker', 'go_fast', 'megapixels', 'replicate_weights', 'lora_scale',
        'extra_lora', 'extra_lora_scale',
      ]);
      const param = (name: string) => node.params.find((p) => p.name === name);
      expect(param('prompt')).toMatchObject({ kind: 'text', optional: false, multiline: true, label: 'Prompt' });
      expect(param('prompt')?.description).toMatch(/^Prompt for generated image/);
      expect(param('aspect_ratio')).toMatchObject({ kind: 'choice', default: '1:1', options: ['1:1', '16:9', '21:9', '3:2', '2:3', '4:5', '5:4', '3:4', '4:3', '9:16', '9:21', 'custom'] });
      expect(param('width')).toMatchObject({ kind: 'number', integer: true, min: 256, max: 1440, optional: true });
      expect(param('width')).not.toHaveProperty('default');
      expect(param('prompt_strength')).toMatchObject({ kind: 'number', integer: false, min: 0, max: 1, default: 0.8 });
      expect(param('model')).toMatchObject({ kind: 'choice', options: ['dev', 'schnell'], default: 'dev' });
      expect(param('num_outputs')).toMatchObject({ kind: 'number', integer: true, min: 1, max: 4, default: 1 });
      expect(param('guidance_scale')).toMatchObject({ min: 0, max: 10, default: 3 });
      expect(param('seed')).toMatchObject({ kind: 'seed', default: 'random', optional: true });
      expect(param('megapixels')).toMatchObject({ kind: 'choice', options: ['1', '0.25'], default: '1' });
      expect(param('disable_safety_checker')).toMatchObject({ kind: 'boolean', default: false });
      expect(param('replicate_weights')).toMatchObject({ kind: 'text', optional: true });
      expect(param('lora_scale')).toMatchObject({ min: -1, max: 3, default: 1 });
    });
  }
});

describe('a node from the inversions schema', () => {
  it('has a prompt port, one image port, the inversion params with their ranges, and no mask', () => {
    const node = summaryOf(refOf(EMULATOR_MODELS.inversions), storedEntry(EMULATOR_MODELS.inversions));
    expect(node.inputs.map((p) => [p.name, p.type, p.optional])).toEqual([
      ['prompt', 'text', true],
      ['image', 'image', true],
    ]);
    const param = (name: string) => node.params.find((p) => p.name === name);
    expect(param('img2img_mode')).toMatchObject({ kind: 'choice', default: 'rf_inversion', options: ['img2img', 'rf_inversion', 'ddim_inversion', 'original_latents', 'random_latents'] });
    expect(param('eta')).toMatchObject({ kind: 'number', min: 0, max: 1, default: 0.9 });
    expect(param('start_step')).toMatchObject({ integer: true, min: 0, max: 28, default: 0 });
    expect(param('end_step')).toMatchObject({ integer: true, min: 0, max: 28, default: 6 });
    expect(param('go_fast')).toMatchObject({ kind: 'boolean', default: true });
    expect(param('guidance')).toMatchObject({ default: 3 });
    expect(param('prompt_strength')).toMatchObject({ default: 0.95 });
  });
});

describe('the rules beyond the FLUX schemas', () => {
  it('makes a single file output one image port', () => {
    const node = summaryOf(`o/upscaler:${VERSION}`, entryFrom({ image: { type: 'string', format: 'uri', 'x-order': 0 } }, { type: 'string', format: 'uri', title: 'Output' }, {}, ['image']));
    expect(node.inputs).toEqual([{ name: 'image', type: 'image', label: 'image' }]);
    expect(node.outputs.map((p) => p.name)).toEqual(['image']);
  });

  it('refuses outputs that are not images, saying what they are', () => {
    const cases: [unknown, string][] = [
      [{ type: 'string', title: 'Output' }, 'this model outputs text, which Weft cannot use yet'],
      [{ type: 'array', items: { type: 'string' }, 'x-cog-array-type': 'iterator' }, 'this model outputs a list of text,'],
      [{ $ref: '#/components/schemas/ModelOutput' }, 'this model outputs an object with the fields caption, score,'],
      [undefined, 'this model outputs nothing Weft can read'],
    ];
    for (const [output, message] of cases) {
      const extra = { ModelOutput: { type: 'object', properties: { caption: { type: 'string' }, score: { type: 'number' } } } };
      const node = summaryOf(`o/captioner:${VERSION}`, entryFrom({ prompt: { type: 'string' } }, output, extra));
      expect(node.outputs).toEqual([]);
      expect(node.problems).toEqual([expect.objectContaining({ severity: 'error', code: 'model-output-unusable' })]);
      expect(node.problems[0]!.message).toContain(message);
    }
  });

  it('reads numeric enums, open number ranges, direct $refs, other files as URLs, lists of images, and what it cannot set', () => {
    const node = summaryOf(
      `o/many:${VERSION}`,
      entryFrom(
        {
          steps: { allOf: [{ $ref: '#/components/schemas/steps' }], default: 4, 'x-order': 0 },
          sampler: { $ref: '#/components/schemas/sampler', 'x-order': 1 },
          frames: { type: 'integer', minimum: 1, 'x-order': 2 },
          strength: { type: 'number', 'x-order': 3 },
          audio_file: { type: 'string', format: 'uri', 'x-order': 4 },
          reference_images: { type: 'array', items: { type: 'string', format: 'uri' }, 'x-order': 5 },
          inpaint_mask: { type: 'string', format: 'uri', 'x-order': 6 },
          tags: { type: 'array', items: { type: 'string' }, 'x-order': 7 },
          config: { type: 'object', 'x-order': 8 },
        },
        URI_LIST,
        { steps: { enum: [1, 2, 4], type: 'integer', title: 'steps' }, sampler: { enum: ['euler', 'dpm'], type: 'string', title: 'sampler' } },
        ['config'],
      ),
    );
    const param = (name: string) => node.params.find((p) => p.name === name);
    expect(param('steps')).toMatchObject({ kind: 'choice', options: ['1', '2', '4'], default: '4' });
    expect(param('sampler')).toMatchObject({ kind: 'choice', options: ['euler', 'dpm'], optional: true });
    expect(param('frames')).toMatchObject({ kind: 'number', integer: true, min: 1 });
    expect(param('frames')).not.toHaveProperty('max');
    expect(param('strength')).not.toHaveProperty('min');
    expect(param('audio_file')).toMatchObject({ kind: 'text', widget: 'url' });
    expect(node.inputs).toEqual([
      expect.objectContaining({ name: 'reference_images', type: 'image', multiple: true, optional: true }),
      expect.objectContaining({ name: 'inpaint_mask', type: 'mask', accepts: ['image'] }),
    ]);
    expect(node.problems).toEqual([
      expect.objectContaining({ severity: 'info', message: 'input tags (a list of text) cannot be set in Weft yet: the model uses its own default' }),
      expect.objectContaining({ severity: 'error', message: 'the model requires input config, an object, which Weft cannot set yet' }),
    ]);
  });

  it('gives every plain text input a text port of its own name, in Cog\'s order, and no other input one', () => {
    const ref = `o/sdxl-like:${VERSION}`;
    const entry = entryFrom(
      {
        prompt: { type: 'string', title: 'Prompt', 'x-order': 0 },
        negative_prompt: { type: 'string', title: 'Negative Prompt', default: '', 'x-order': 1 },
        image: { type: 'string', format: 'uri', 'x-order': 2 },
        scheduler: { allOf: [{ $ref: '#/components/schemas/scheduler' }], default: 'K_EULER', 'x-order': 3 },
        style: { type: 'string', maxLength: 20, 'x-order': 4 },
        api_key: { type: 'string', format: 'password', writeOnly: true, 'x-cog-secret': true, 'x-order': 5 },
        audio_file: { type: 'string', format: 'uri', 'x-order': 6 },
      },
      URI_LIST,
      { scheduler: { enum: ['K_EULER', 'DDIM'], type: 'string', title: 'scheduler' } },
      ['prompt'],
    );
    const node = summaryOf(ref, entry);
    expect(node.inputs.map((p) => [p.name, p.type, p.optional === true])).toEqual([
      ['prompt', 'text', true],
      ['negative_prompt', 'text', true],
      ['image', 'image', true],
      ['style', 'text', true],
    ]);
    expect(node.inputs[1]).toMatchObject({ label: 'negative prompt', description: 'When wired, the text arriving here is sent as Negative Prompt instead of the value typed in the node.' });
    // The params are unchanged: still there, still required where the model requires them...
    expect(node.params.map((p) => [p.name, p.kind, p.optional])).toEqual([
      ['prompt', 'text', false],
      ['negative_prompt', 'text', true],
      ['scheduler', 'choice', true],
      ['style', 'text', true],
      ['api_key', 'text', true],
      ['audio_file', 'text', true],
    ]);
    // ...but a required one may be left unset when parsing, since a wire may give it (compile checks it has one or the other).
    const built = modelNodeFor(ref, { [ref]: entry });
    if ('problem' in built) throw new Error(built.problem.message);
    expect(built.definition.params.prompt!.schema.safeParse(undefined).success).toBe(true);
    expect(built.definition.params.style!.schema.safeParse('x'.repeat(21)).success).toBe(false);
  });

  it('answers a clear problem for a schema without an Input', () => {
    const schema = { Output: URI_LIST };
    const built = modelNodeFor(`o/n:${VERSION}`, { [`o/n:${VERSION}`]: { schema, schemaHash: schemaHashOf(schema) } });
    expect(built).toEqual({ problem: { code: 'model-schema-invalid', message: `the stored schema of o/n:${VERSION} cannot be read: its schema has no readable Input (an object with properties)` } });
    expect(readCogSchema({ Input: { properties: {} } })).not.toHaveProperty('error');
    expect(buildModelNode({ model: 'o/n', version: VERSION }, readCogSchema({ Input: { properties: {} }, Output: URI_LIST }) as never).problems).toEqual([]);
  });
});
