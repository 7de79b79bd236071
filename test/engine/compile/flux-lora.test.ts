import { describe, expect, it } from 'vitest';
import { FLUX_LORA_MODEL } from '../../../src/engine';
import { compileTest, envWithImages, messagesOf, workflow } from '../../helpers/build-workflow';

const images = envWithImages({
  '/in/photo.png': { sha256: 'c'.repeat(64), width: 2000, height: 1000 },
  '/in/mask.png': { sha256: 'd'.repeat(64), width: 2000, height: 1000 },
  '/in/small-mask.png': { sha256: 'e'.repeat(64), width: 100, height: 100 },
});

const textToImage = (sampler: Record<string, unknown> = {}, extraNodes = {}, extraEdges: string[] = []) =>
  workflow({ p: ['prompt', { text: 'a lighthouse at dusk' }], s: ['sampler', { seed: 5, ...sampler }], ...extraNodes }, ['p.prompt>s.prompt', ...extraEdges]);

describe('the FLUX LoRA model', () => {
  it('sends every input with its resolved value and the pinned version', () => {
    const plan = compileTest(textToImage());
    expect(plan.diagnostics).toEqual([]);
    expect(plan.calls).toHaveLength(1);
    const call = plan.calls[0]!;
    expect(call.model).toBe('deeterbleater/flux-thoth');
    expect(call.version).toBe(FLUX_LORA_MODEL.version);
    expect(call.input).toEqual({
      prompt: 'a lighthouse at dusk',
      aspect_ratio: '1:1',
      megapixels: '1',
      model: 'dev',
      num_outputs: 1,
      num_inference_steps: 28,
      guidance_scale: 3,
      seed: 5,
      output_format: 'webp',
      output_quality: 80,
      disable_safety_checker: false,
      go_fast: false,
    });
    expect(plan.nodes.s?.outputSize).toEqual({ width: 1024, height: 1024 });
  });

  it('sends guidance as guidance_scale and megapixels as a string', () => {
    const plan = compileTest(textToImage({ guidance: 2.5, megapixels: '0.25', aspect_ratio: '16:9' }));
    expect(plan.calls[0]!.input).toMatchObject({ guidance_scale: 2.5, megapixels: '0.25', aspect_ratio: '16:9' });
    expect(plan.calls[0]!.input).not.toHaveProperty('guidance');
    expect(plan.nodes.s?.outputSize).toEqual({ width: 672, height: 384 });
  });

  it('fills the two LoRA slots from the chain, upstream first, and adds trigger words', () => {
    const plan = compileTest(
      textToImage({}, { a: ['lora', { source: 'fofr/flux-pixar-cars', scale: 0.8, trigger: 'PXR' }], b: ['lora', { source: 'huggingface.co/alvdansen/frosting_lane_flux', scale: 0.5, trigger: 'frstingln' }] }, [
        'a.lora>b.lora',
        'b.lora>s.lora',
      ]),
    );
    expect(plan.diagnostics).toEqual([]);
    expect(plan.calls[0]!.input).toMatchObject({
      prompt: 'PXR, frstingln, a lighthouse at dusk',
      replicate_weights: 'fofr/flux-pixar-cars',
      lora_scale: 0.8,
      extra_lora: 'huggingface.co/alvdansen/frosting_lane_flux',
      extra_lora_scale: 0.5,
    });
    expect(plan.nodes.s?.triggersAdded).toEqual(['PXR', 'frstingln']);
  });

  it('does not repeat a trigger the prompt already has', () => {
    const wf = workflow(
      { p: ['prompt', { text: 'a PXR car' }], l: ['lora', { source: 'fofr/flux-pixar-cars', trigger: 'PXR' }], s: ['sampler', { seed: 1 }] },
      ['p.prompt>s.prompt', 'l.lora>s.lora'],
    );
    expect(compileTest(wf).calls[0]!.input.prompt).toBe('a PXR car');
  });

  it('refuses a third LoRA, naming the chain', () => {
    const plan = compileTest(
      textToImage({}, { a: ['lora', { source: 'o/a' }], b: ['lora', { source: 'o/b' }], c: ['lora', { source: 'o/c' }] }, ['a.lora>b.lora', 'b.lora>c.lora', 'c.lora>s.lora']),
    );
    expect(plan.calls).toEqual([]);
    const d = plan.diagnostics.find((x) => x.code === 'too-many-loras');
    expect(d).toMatchObject({ node: 's', port: 'lora', severity: 'error' });
    expect(d?.message).toContain('a → b → c');
  });

  it('sends no LoRA scales without LoRAs (the model ignores them, so they stay out of the key)', () => {
    const input = compileTest(textToImage()).calls[0]!.input;
    expect(input).not.toHaveProperty('lora_scale');
    expect(input).not.toHaveProperty('extra_lora_scale');
  });

  it('shows the main LoRA at 1.5x its scale in fast mode', () => {
    const plan = compileTest(textToImage({ go_fast: true }, { l: ['lora', { source: 'o/a', scale: 0.6 }] }, ['l.lora>s.lora']));
    expect(plan.calls[0]!.input).toMatchObject({ go_fast: true, lora_scale: 0.6 });
    expect(plan.nodes.s?.effectiveLoraScale).toBeCloseTo(0.9);
  });

  it('img2img: leaves out aspect ratio, size and megapixels, sends prompt_strength, and says so', () => {
    const wf = textToImage({ aspect_ratio: '16:9', megapixels: '0.25' }, { i: ['image', { path: '/in/photo.png' }] }, ['i.image>s.image']);
    const plan = compileTest(wf, images);
    const input = plan.calls[0]!.input;
    expect(input.image).toEqual({ $image: { blob: 'c'.repeat(64) } });
    expect(input.prompt_strength).toBe(0.8);
    for (const k of ['aspect_ratio', 'megapixels', 'width', 'height']) expect(input).not.toHaveProperty(k);
    expect(plan.nodes.s).toMatchObject({ mode: 'img2img', outputSize: { width: 1440, height: 720 }, ignoredParams: ['aspect_ratio', 'megapixels'] });
    expect(messagesOf(plan, 'info')).toEqual(['s size-follows-image']);
  });

  it('img2img with too few denoising steps is an error', () => {
    const wf = textToImage({ num_inference_steps: 4, prompt_strength: 0.2 }, { i: ['image', { path: '/in/photo.png' }] }, ['i.image>s.image']);
    const plan = compileTest(wf, images);
    expect(plan.calls).toEqual([]);
    expect(messagesOf(plan, 'error')).toEqual(['s.prompt_strength img2img-no-steps']);
    // 5 × 0.2 = 1 step is enough.
    const ok = compileTest(textToImage({ num_inference_steps: 5, prompt_strength: 0.2 }, { i: ['image', { path: '/in/photo.png' }] }, ['i.image>s.image']), images);
    expect(ok.calls).toHaveLength(1);
  });

  it('inpainting sends image and mask; a mask alone is an error', () => {
    const wf = textToImage({}, { i: ['image', { path: '/in/photo.png' }], m: ['mask', { path: '/in/mask.png' }] }, ['i.image>s.image', 'm.mask>s.mask', 'i.image>m.image']);
    const plan = compileTest(wf, images);
    expect(plan.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(plan.calls[0]!.input).toMatchObject({ image: { $image: { blob: 'c'.repeat(64) } }, mask: { $image: { blob: 'd'.repeat(64) } } });
    expect(plan.nodes.s?.mode).toBe('inpainting');

    const alone = compileTest(textToImage({}, { m: ['mask', { path: '/in/mask.png' }] }, ['m.mask>s.mask']), images);
    expect(alone.calls).toEqual([]);
    expect(messagesOf(alone, 'error')).toEqual(['s:mask mask-without-image']);
  });

  it('warns when the mask does not fit the image', () => {
    const wf = textToImage({}, { i: ['image', { path: '/in/photo.png' }], m: ['mask', { path: '/in/small-mask.png' }] }, ['i.image>s.image', 'm.mask>s.mask']);
    expect(messagesOf(compileTest(wf, images), 'warning')).toEqual(['s:mask mask-size-mismatch']);
  });

  it('an inverted mask is sent as the inverted bytes', () => {
    const wf = textToImage({}, { i: ['image', { path: '/in/photo.png' }], m: ['mask', { path: '/in/mask.png', invert: true }] }, ['i.image>s.image', 'm.mask>s.mask']);
    const input = compileTest(wf, images).calls[0]!.input;
    expect(input.mask).toEqual({ $image: { blob: `${'d'.repeat(60)}feed` } });
  });

  it('custom size needs width and height, sends them as given and shows them rounded up to 16', () => {
    const plan = compileTest(textToImage({ aspect_ratio: 'custom', width: 1000, height: 700 }));
    expect(plan.calls[0]!.input).toMatchObject({ aspect_ratio: 'custom', width: 1000, height: 700 });
    expect(plan.calls[0]!.input).not.toHaveProperty('megapixels');
    expect(plan.nodes.s?.outputSize).toEqual({ width: 1008, height: 704 });
    const missing = compileTest(textToImage({ aspect_ratio: 'custom', width: 1000 }));
    expect(messagesOf(missing, 'error')).toEqual(['s.height custom-needs-size']);
    const outOfRange = compileTest(textToImage({ aspect_ratio: 'custom', width: 100, height: 700 }));
    expect(outOfRange.diagnostics[0]).toMatchObject({ param: 'width', message: 'must be a whole number between 256 and 1440' });
  });

  it('does not send width and height without the custom aspect ratio', () => {
    const plan = compileTest(textToImage({ width: 800 }));
    expect(plan.calls[0]!.input).not.toHaveProperty('width');
    expect(messagesOf(plan, 'info')).toEqual(['s.width size-needs-custom']);
  });

  it('sends go_fast as false with a warning where the model would force it off', () => {
    const custom = compileTest(textToImage({ aspect_ratio: 'custom', width: 512, height: 512, go_fast: true }));
    expect(custom.calls[0]!.input.go_fast).toBe(false);
    expect(messagesOf(custom, 'warning')).toEqual(['s.go_fast go-fast-forced-off']);
    const img = compileTest(textToImage({ go_fast: true }, { i: ['image', { path: '/in/photo.png' }] }, ['i.image>s.image']), images);
    expect(img.calls[0]!.input.go_fast).toBe(false);
    expect(messagesOf(img, 'warning')).toEqual(['s.go_fast go-fast-forced-off']);
  });

  it('does not send output_quality for PNG', () => {
    const plan = compileTest(textToImage({ output_format: 'png', output_quality: 50 }));
    expect(plan.calls[0]!.input).not.toHaveProperty('output_quality');
    expect(plan.nodes.s?.ignoredParams).toEqual(['output_quality']);
  });

  it('runs a fine-tune by owner/name:version, and refuses a malformed one', () => {
    const version = '1'.repeat(64);
    const plan = compileTest(textToImage({ fine_tune: `someone/flux-style:${version}` }));
    expect(plan.calls[0]).toMatchObject({ model: 'someone/flux-style', version });
    expect(messagesOf(compileTest(textToImage({ fine_tune: 'someone/flux-style' })), 'error')).toEqual(['s.fine_tune fine-tune-invalid']);
  });

  it('refuses a LoRA source the model cannot load', () => {
    const plan = compileTest(textToImage({}, { l: ['lora', { source: 'ftp://x/y.bin' }] }, ['l.lora>s.lora']));
    expect(messagesOf(plan, 'error')).toEqual(['l.source lora-source', 's upstream-error']);
    expect(plan.diagnostics[0]!.message).toContain('Failed to parse URL');
  });

  it('draws a random seed at compile time, never 0, and records it', () => {
    const plan = compileTest(textToImage({ seed: 'random' }));
    expect(plan.calls[0]).toMatchObject({ seed: 1001, randomSeed: true });
    expect(plan.calls[0]!.input.seed).toBe(1001);
  });
});
