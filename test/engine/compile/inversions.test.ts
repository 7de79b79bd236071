import { describe, expect, it } from 'vitest';
import { INVERSIONS_MODEL } from '../../../src/engine';
import { compileTest, envWithImages, messagesOf, workflow } from '../../helpers/build-workflow';

const images = envWithImages({ '/in/face.png': { sha256: 'c'.repeat(64), width: 800, height: 1200 } });

function edit(sampler: Record<string, unknown> = {}, inversion: Record<string, unknown> = {}, extraNodes = {}, extraEdges: string[] = []) {
  return workflow(
    { i: ['image', { path: '/in/face.png' }], v: ['inversion', inversion], p: ['prompt', { text: 'the same face, smiling' }], s: ['sampler', { seed: 9, ...sampler }], ...extraNodes },
    ['i.image>v.image', 'v.inversion>s.inversion', 'p.prompt>s.prompt', ...extraEdges],
  );
}

describe('the inversions model', () => {
  it('is chosen by an inversion input and gets the image, mode and window', () => {
    const plan = compileTest(edit(), images);
    expect(plan.diagnostics).toEqual([]);
    const call = plan.calls[0]!;
    expect(call).toMatchObject({ model: INVERSIONS_MODEL.model, version: INVERSIONS_MODEL.version });
    expect(call.input).toEqual({
      prompt: 'the same face, smiling',
      image: { $image: { blob: 'c'.repeat(64) } },
      prompt_strength: 0.95,
      num_outputs: 1,
      num_inference_steps: 28,
      guidance: 3,
      seed: 9,
      output_format: 'webp',
      output_quality: 80,
      disable_safety_checker: false,
      go_fast: true,
      img2img_mode: 'rf_inversion',
      eta: 0.9,
      start_step: 0,
      end_step: 6,
    });
    expect(plan.nodes.s).toMatchObject({ mode: 'inversion', outputSize: { width: 800, height: 1200 } });
  });

  it('does not send eta and the window in img2img mode', () => {
    const input = compileTest(edit({}, { mode: 'img2img' }), images).calls[0]!.input;
    expect(input.img2img_mode).toBe('img2img');
    for (const k of ['eta', 'start_step', 'end_step']) expect(input).not.toHaveProperty(k);
  });

  it.each([
    ['a LoRA', {}, { l: ['lora', { source: 'o/a' }] }, ['l.lora>s.lora'], 's:lora inversion-lora'],
    ['a mask', {}, { m: ['mask', { path: '/in/face.png' }] }, ['m.mask>s.mask'], 's:mask inversion-mask'],
    ['a second image', {}, {}, ['i.image>s.image'], 's:image inversion-image'],
    ['schnell', { model: 'schnell' }, {}, [], 's.model inversion-schnell'],
    ['a custom size', { aspect_ratio: 'custom', width: 512, height: 512 }, {}, [], 's.aspect_ratio inversion-custom'],
    ['a fine-tune', { fine_tune: `o/n:${'1'.repeat(64)}` }, {}, [], 's.fine_tune inversion-fine-tune'],
    ['seed 0', { seed: 0 }, {}, [], 's.seed inversion-seed-zero'],
  ])('refuses %s, saying why', (_what, sampler, nodes, edges, expected) => {
    const plan = compileTest(edit(sampler, {}, nodes, edges as string[]), images);
    expect(plan.calls).toEqual([]);
    expect(messagesOf(plan, 'error')).toContain(expected);
  });

  it('refuses start_step after end_step, and end_step after the last step', () => {
    const backwards = compileTest(edit({}, { start_step: 5, end_step: 3 }), images);
    expect(messagesOf(backwards, 'error')).toEqual(['v.start_step inversion-window', 's upstream-error']);
    const late = compileTest(edit({ num_inference_steps: 8 }, { end_step: 10 }), images);
    expect(messagesOf(late, 'error')).toEqual(['s.num_inference_steps inversion-end-after-steps']);
    expect(compileTest(edit({ num_inference_steps: 10 }, { end_step: 10 }), images).calls).toHaveLength(1);
  });

  it('leaves out aspect ratio and megapixels: the output follows the image', () => {
    const plan = compileTest(edit({ aspect_ratio: '16:9', megapixels: '0.25' }), images);
    expect(plan.calls[0]!.input).not.toHaveProperty('aspect_ratio');
    expect(plan.calls[0]!.input).not.toHaveProperty('megapixels');
    expect(plan.nodes.s?.ignoredParams).toEqual(['aspect_ratio', 'megapixels']);
  });
});
