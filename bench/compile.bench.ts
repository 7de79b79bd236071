// Benchmark 4: compiling a 1,000-node graph, against a 10-node graph in the same run (cost must be linear).
import '../src/runtime/native-hash';
import { catalog } from '../nodes';
import { compile, type Workflow } from '../src/engine';
import type { BenchFigure } from './lib/report';
import { measurePair, summarize } from './lib/stats';

/** A realistic graph of `chains` repeated units: prompt, 2 LoRAs, text-to-image, img2img, inversion edit, output. */
export function syntheticWorkflow(units: number): Workflow {
  const nodes: Workflow['nodes'] = [];
  const edges: Workflow['edges'] = [];
  const add = (id: string, type: string, params: Record<string, unknown>) => nodes.push({ id, type, position: { x: nodes.length * 10, y: 0 }, params });
  const wire = (from: string, fp: string, to: string, tp: string) => edges.push({ id: `e${edges.length}`, from: { node: from, port: fp }, to: { node: to, port: tp } });
  for (let u = 0; u < units; u++) {
    add(`p${u}`, 'prompt', { text: `a scene number ${u}` });
    add(`la${u}`, 'lora', { source: 'fofr/flux-pixar-cars', trigger: 'PXR' });
    add(`lb${u}`, 'lora', { source: 'huggingface.co/a/b', scale: 0.5 });
    add(`s${u}`, 'sampler', { seed: u + 1 });
    add(`q${u}`, 'prompt', { text: `the same, painted ${u}` });
    add(`i${u}`, 'sampler', { seed: u + 2, prompt_strength: 0.6 });
    add(`v${u}`, 'inversion', {});
    add(`r${u}`, 'sampler', { seed: u + 3 });
    add(`o${u}`, 'output', {});
    add(`n${u}`, 'prompt', { text: 'note' });
    wire(`p${u}`, 'prompt', `s${u}`, 'prompt');
    wire(`la${u}`, 'lora', `lb${u}`, 'lora');
    wire(`lb${u}`, 'lora', `s${u}`, 'lora');
    wire(`s${u}`, 'image', `i${u}`, 'image');
    wire(`q${u}`, 'prompt', `i${u}`, 'prompt');
    wire(`i${u}`, 'image', `v${u}`, 'image');
    wire(`v${u}`, 'inversion', `r${u}`, 'inversion');
    wire(`q${u}`, 'prompt', `r${u}`, 'prompt');
    wire(`r${u}`, 'images', `o${u}`, 'images');
  }
  return { format: 'weft-workflow', version: 1, nodes, edges, assets: {} };
}

export async function compileBenchmark(): Promise<BenchFigure[]> {
  const small = syntheticWorkflow(1); // 10 nodes
  const large = syntheticWorkflow(100); // 1,000 nodes
  const env = { randomSeed: () => 7 };
  const [tSmall, tLarge] = await measurePair(() => compile(small, catalog, env), () => compile(large, catalog, env), 30, 5);
  const s = summarize(tSmall);
  const l = summarize(tLarge);
  const perNodeRatio = l.median / 1000 / (s.median / 10);
  return [
    {
      id: 4,
      name: 'compile 1,000 nodes',
      measured: 'wall time of compile() on a 1,000-node graph (300 calls)',
      value: l.median,
      unit: 'ms',
      baseline: { name: '10-node graph', value: s.median },
      ratio: l.median / s.median,
      spread: l.spread,
      samples: l.samples,
      target: '< 20 ms median; ratio ~100 (linear)',
      met: l.median < 20,
      note: `cost per node at 1,000 nodes is ${perNodeRatio.toFixed(2)}x the cost per node at 10 (1.0 = linear)`,
    },
  ];
}
