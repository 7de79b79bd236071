// The workflows the run benchmarks use, built as a user would wire them in the editor.
//
//   realistic graph (11 predictions):
//     prompt ─▶ t2i ─image▶ i2i ─image▶ inversion ─▶ edit          (a chain of three predictions)
//     prompt ─▶ lora_k ─▶ fan_k, k = 1..8                            (an 8-way fan-out of LoRA samplers)
//
//   shared input (8 predictions): one image file ─▶ 8 img2img samplers, each with its own LoRA.
import type { Workflow } from '../../src/engine';

type Params = Record<string, unknown>;

export const PROMPTS = {
  base: 'a lighthouse on a cliff at dusk, 35mm photo',
  winter: 'the same lighthouse in a snowstorm',
  edit: 'the lighthouse as a watercolor painting',
};

/** Eight LoRA sources of the kinds the model accepts, with their trigger words. */
export const LORAS: readonly { source: string; trigger: string }[] = [
  { source: 'fofr/flux-pixar-cars', trigger: 'PXR' },
  { source: 'fofr/flux-80s-cyberpunk', trigger: 'style of 80s cyberpunk' },
  { source: 'huggingface.co/alvdansen/frosting_lane_flux', trigger: 'frstingln' },
  { source: 'huggingface.co/XLabs-AI/flux-RealismLora', trigger: 'realism' },
  { source: 'civitai.com/models/640156', trigger: 'gouache' },
  { source: 'fofr/flux-mona-lisa', trigger: 'MNALSA' },
  { source: 'https://huggingface.co/a/b/resolve/main/ukiyo-e.safetensors', trigger: 'ukiyo-e' },
  { source: 'huggingface.co/multimodalart/flux-tarot-v1', trigger: 'in the style of TOK a trtcrd' },
];

export interface GraphBuilder {
  node(id: string, type: string, params?: Params, at?: { x: number; y: number }): void;
  wire(from: string, fromPort: string, to: string, toPort: string): void;
  workflow(): Workflow;
}

export function graphBuilder(): GraphBuilder {
  const nodes: Workflow['nodes'] = [];
  const edges: Workflow['edges'] = [];
  return {
    node: (id, type, params = {}, at) => nodes.push({ id, type, position: at ?? { x: (nodes.length % 10) * 320, y: Math.floor(nodes.length / 10) * 300 }, params }),
    wire: (from, fromPort, to, toPort) => edges.push({ id: `e${edges.length + 1}`, from: { node: from, port: fromPort }, to: { node: to, port: toPort } }),
    workflow: () => ({ format: 'weft-workflow', version: 1, nodes, edges, assets: {} }),
  };
}

export interface RealisticOptions {
  /** Changes to one node's params (e.g. a leaf sampler's guidance). */
  edit?: { node: string; params: Params };
  /** Copies of the whole graph (distinct seeds), for the "50 cached calls" figure. */
  copies?: number;
  /** Fan-out width of each copy (default 8). */
  fanOut?: number;
}

/** The chain (text-to-image, img2img, inversion edit) and the LoRA fan-out. 11 predictions per copy. */
export function realisticWorkflow(options: RealisticOptions = {}): Workflow {
  const g = graphBuilder();
  const copies = options.copies ?? 1;
  const fanOut = options.fanOut ?? 8;
  const with_ = (id: string, params: Params): Params => (options.edit?.node === id ? { ...params, ...options.edit.params } : params);
  for (let c = 0; c < copies; c++) {
    const s = c === 0 ? '' : `_${c}`;
    const seed = (n: number) => 1000 * c + n;
    g.node(`prompt${s}`, 'prompt', with_(`prompt${s}`, { text: PROMPTS.base }));
    g.node(`t2i${s}`, 'sampler', with_(`t2i${s}`, { seed: seed(1), guidance: 3.5 }));
    g.node(`winter${s}`, 'prompt', with_(`winter${s}`, { text: PROMPTS.winter }));
    g.node(`i2i${s}`, 'sampler', with_(`i2i${s}`, { seed: seed(2), prompt_strength: 0.7 }));
    g.node(`invert${s}`, 'inversion', with_(`invert${s}`, { mode: 'rf_inversion', eta: 0.85, start_step: 0, end_step: 7 }));
    g.node(`editPrompt${s}`, 'prompt', with_(`editPrompt${s}`, { text: PROMPTS.edit }));
    g.node(`edit${s}`, 'sampler', with_(`edit${s}`, { seed: seed(3), guidance: 3 }));
    g.node(`save${s}`, 'output', { prefix: 'edit' });
    g.wire(`prompt${s}`, 'prompt', `t2i${s}`, 'prompt');
    g.wire(`t2i${s}`, 'image', `i2i${s}`, 'image');
    g.wire(`winter${s}`, 'prompt', `i2i${s}`, 'prompt');
    g.wire(`i2i${s}`, 'image', `invert${s}`, 'image');
    g.wire(`invert${s}`, 'inversion', `edit${s}`, 'inversion');
    g.wire(`editPrompt${s}`, 'prompt', `edit${s}`, 'prompt');
    g.wire(`edit${s}`, 'images', `save${s}`, 'images');
    for (let k = 1; k <= fanOut; k++) {
      const lora = LORAS[(k - 1) % LORAS.length]!;
      g.node(`lora${k}${s}`, 'lora', with_(`lora${k}${s}`, { source: lora.source, trigger: lora.trigger, scale: 0.9 }));
      g.node(`fan${k}${s}`, 'sampler', with_(`fan${k}${s}`, { seed: seed(10 + k) }));
      g.wire(`lora${k}${s}`, 'lora', `fan${k}${s}`, 'lora');
      g.wire(`prompt${s}`, 'prompt', `fan${k}${s}`, 'prompt');
    }
  }
  return g.workflow();
}

/** One image file used by `samplers` img2img samplers, each with its own LoRA and seed. */
export function sharedInputWorkflow(imagePath: string, samplers = 8): Workflow {
  const g = graphBuilder();
  g.node('photo', 'image', { path: imagePath });
  g.node('prompt', 'prompt', { text: PROMPTS.winter });
  for (let k = 1; k <= samplers; k++) {
    const lora = LORAS[(k - 1) % LORAS.length]!;
    g.node(`lora${k}`, 'lora', { source: lora.source, trigger: lora.trigger });
    g.node(`s${k}`, 'sampler', { seed: 500 + k, prompt_strength: 0.6 });
    g.wire('photo', 'image', `s${k}`, 'image');
    g.wire('prompt', 'prompt', `s${k}`, 'prompt');
    g.wire(`lora${k}`, 'lora', `s${k}`, 'lora');
  }
  return g.workflow();
}

/**
 * An editor-sized graph: `units` repetitions of five nodes (prompt, LoRA, text-to-image sampler, img2img
 * sampler, output), laid out on a grid as a user would: 100 units = 500 nodes and 200 samplers, all
 * on screen when the editor fits the view at its smallest zoom.
 */
export function editorWorkflow(units: number): Workflow {
  const g = graphBuilder();
  const perRow = 9;
  for (let u = 0; u < units; u++) {
    const x0 = (u % perRow) * 1400;
    const y0 = Math.floor(u / perRow) * 600;
    const lora = LORAS[u % LORAS.length]!;
    g.node(`p${u}`, 'prompt', { text: `${PROMPTS.base}, variation ${u}` }, { x: x0, y: y0 });
    g.node(`l${u}`, 'lora', { source: lora.source, trigger: lora.trigger }, { x: x0, y: y0 + 250 });
    g.node(`a${u}`, 'sampler', { seed: 10_000 + u, megapixels: '0.25' }, { x: x0 + 350, y: y0 });
    g.node(`b${u}`, 'sampler', { seed: 20_000 + u, prompt_strength: 0.7, megapixels: '0.25' }, { x: x0 + 700, y: y0 });
    g.node(`o${u}`, 'output', { prefix: 'bench' }, { x: x0 + 1050, y: y0 });
    g.wire(`p${u}`, 'prompt', `a${u}`, 'prompt');
    g.wire(`l${u}`, 'lora', `a${u}`, 'lora');
    g.wire(`p${u}`, 'prompt', `b${u}`, 'prompt');
    g.wire(`a${u}`, 'image', `b${u}`, 'image');
    g.wire(`b${u}`, 'images', `o${u}`, 'images');
  }
  return g.workflow();
}
