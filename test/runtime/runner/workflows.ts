// Small workflows for runner tests, quick to run on the emulator (quarter-megapixel, four steps):
//
//   lighthouse ─▶ a ─image▶ b ─image▶ c        (a chain: text-to-image, then two img2img steps)
//   harbour    ─▶ d                             (an independent branch)
import sharp from 'sharp';
import { createHash } from 'node:crypto';
import type { Workflow } from '../../../src/engine';
import { workflow } from '../../helpers/build-workflow';

export const PROMPTS = { a: 'a lighthouse at dusk', b: 'the lighthouse in winter', c: 'the lighthouse as a watercolor', d: 'a quiet harbour' };

const quick = { megapixels: '0.25', num_inference_steps: 4, output_format: 'png' };

export function chainAndBranch(changes: { a?: Record<string, unknown>; b?: Record<string, unknown>; c?: Record<string, unknown>; d?: Record<string, unknown> } = {}): Workflow {
  return workflow(
    {
      pa: ['prompt', { text: PROMPTS.a }],
      pb: ['prompt', { text: PROMPTS.b }],
      pc: ['prompt', { text: PROMPTS.c }],
      pd: ['prompt', { text: PROMPTS.d }],
      a: ['sampler', { ...quick, seed: 1, ...changes.a }],
      b: ['sampler', { ...quick, seed: 2, prompt_strength: 0.75, ...changes.b }],
      c: ['sampler', { ...quick, seed: 3, prompt_strength: 0.75, ...changes.c }],
      d: ['sampler', { ...quick, seed: 4, ...changes.d }],
    },
    ['pa.prompt>a.prompt', 'pb.prompt>b.prompt', 'a.image>b.image', 'pc.prompt>c.prompt', 'b.image>c.image', 'pd.prompt>d.prompt'],
  );
}

/** `count` independent text-to-image samplers sharing one prompt (different seeds). */
export function fanOut(count: number, prompt = 'a field of lighthouses'): Workflow {
  const nodes: Parameters<typeof workflow>[0] = { p: ['prompt', { text: prompt }] };
  const edges: string[] = [];
  for (let i = 1; i <= count; i++) {
    nodes[`s${i}`] = ['sampler', { ...quick, seed: 100 + i }];
    edges.push(`p.prompt>s${i}.prompt`);
  }
  return workflow(nodes, edges);
}

/** One embedded photo used by two img2img samplers, and once more as an inpainting mask's image. */
export async function sharedImage(): Promise<Workflow> {
  const photo = await sharp({ create: { width: 96, height: 64, channels: 3, background: '#4477aa' } }).png().toBuffer();
  const sha = createHash('sha256').update(photo).digest('hex');
  return workflow(
    {
      photo: ['image', { asset: sha }],
      p: ['prompt', { text: 'the same place at night' }],
      x: ['sampler', { ...quick, seed: 7, prompt_strength: 0.8 }],
      y: ['sampler', { ...quick, seed: 8, prompt_strength: 0.6 }],
    },
    ['photo.image>x.image', 'photo.image>y.image', 'p.prompt>x.prompt', 'p.prompt>y.prompt'],
    { assets: { [sha]: { type: 'image/png', data: photo.toString('base64') } } },
  );
}
