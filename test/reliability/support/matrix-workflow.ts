// The workflow the HTTP-fault matrix runs: it touches every route a run uses.
//
//   photo (embedded asset) ─▶ up          (uploaded through POST /files)
//   pa ─▶ a ─image▶ b                      (b gets a's output by its fresh delivery URL)
//
// Creates (POST /predictions), polls (GET /predictions/{id}), downloads (GET /delivery/...), uploads
// (POST /files) all happen; lists (GET /predictions) and cancels only when an answer is lost or a call
// fails mid-way, which the faults see to.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { Workflow } from '../../../src/engine';
import { workflow } from '../../helpers/build-workflow';

const TINY = { aspect_ratio: 'custom', width: 256, height: 256, num_inference_steps: 4, output_format: 'png' };

export const MATRIX_PROMPTS = { up: 'matrix: the photo at night', a: 'matrix: a red kite', b: 'matrix: the kite in the rain' };

let made: Promise<Workflow> | undefined;

export function matrixWorkflow(): Promise<Workflow> {
  made ??= make();
  return made.then((workflow) => structuredClone(workflow));
}

async function make(): Promise<Workflow> {
  const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } }).png().toBuffer();
  const sha = createHash('sha256').update(photo).digest('hex');
  return workflow(
    {
      photo: ['image', { asset: sha }],
      pu: ['prompt', { text: MATRIX_PROMPTS.up }],
      pa: ['prompt', { text: MATRIX_PROMPTS.a }],
      pb: ['prompt', { text: MATRIX_PROMPTS.b }],
      up: ['sampler', { ...TINY, seed: 11, prompt_strength: 0.7 }],
      a: ['sampler', { ...TINY, seed: 12 }],
      b: ['sampler', { ...TINY, seed: 13, prompt_strength: 0.7 }],
    },
    ['photo.image>up.image', 'pu.prompt>up.prompt', 'pa.prompt>a.prompt', 'a.image>b.image', 'pb.prompt>b.prompt'],
    { assets: { [sha]: { type: 'image/png', data: photo.toString('base64') } } },
  );
}
