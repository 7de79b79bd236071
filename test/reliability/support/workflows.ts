// Workflows for fault runs, as cheap as the emulator allows (256x256 PNG, four steps), with a distinct
// prompt per sampler so a fault can pick its victim by prompt:
//
//   chain():   pa ─▶ a ─image▶ b ─image▶ c        fanOut(n):   p1 ─▶ s1
//              pd ─▶ d  (independent)                          p2 ─▶ s2 ...
import type { Workflow } from '../../../src/engine';
import { workflow, type NodeList } from '../../helpers/build-workflow';

const TINY = { aspect_ratio: 'custom', width: 256, height: 256, num_inference_steps: 4, output_format: 'png' };

export const CHAIN_PROMPTS = { a: 'chain root: a lighthouse', b: 'chain middle: the lighthouse in snow', c: 'chain end: the lighthouse in ink', d: 'branch: a quiet harbour' };

export function chain(seed = 1): Workflow {
  return workflow(
    {
      pa: ['prompt', { text: CHAIN_PROMPTS.a }],
      pb: ['prompt', { text: CHAIN_PROMPTS.b }],
      pc: ['prompt', { text: CHAIN_PROMPTS.c }],
      pd: ['prompt', { text: CHAIN_PROMPTS.d }],
      a: ['sampler', { ...TINY, seed }],
      b: ['sampler', { ...TINY, seed: seed + 1, prompt_strength: 0.75 }],
      c: ['sampler', { ...TINY, seed: seed + 2, prompt_strength: 0.75 }],
      d: ['sampler', { ...TINY, seed: seed + 3 }],
    },
    ['pa.prompt>a.prompt', 'pb.prompt>b.prompt', 'a.image>b.image', 'pc.prompt>c.prompt', 'b.image>c.image', 'pd.prompt>d.prompt'],
  );
}

/** `count` independent samplers, each with its own prompt `${label} #i` and seed. */
export function fanOut(count: number, label = 'fan', firstSeed = 1000): Workflow {
  const nodes: NodeList = {};
  const edges: string[] = [];
  for (let i = 1; i <= count; i++) {
    nodes[`p${i}`] = ['prompt', { text: `${label} #${i}` }];
    nodes[`s${i}`] = ['sampler', { ...TINY, seed: firstSeed + i }];
    edges.push(`p${i}.prompt>s${i}.prompt`);
  }
  return workflow(nodes, edges);
}
