// Writes the example workflows in resources/examples/. Their embedded images are drawn here from SVG,
// so the examples are reproducible and carry no third-party pictures. Run: npx tsx scripts/make-examples.ts
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { serializeWorkflow, type Workflow } from '../src/engine';

const dir = join(__dirname, '..', 'resources', 'examples');

const scene = `<svg xmlns="http://www.w3.org/2000/svg" width="768" height="512">
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#1d3b6a"/><stop offset="1" stop-color="#f2a65a"/></linearGradient></defs>
  <rect width="768" height="512" fill="url(#sky)"/>
  <circle cx="540" cy="250" r="70" fill="#ffd98a"/>
  <path d="M0 380 Q 200 300 400 370 T 768 350 V 512 H 0 Z" fill="#2f4a3a"/>
  <path d="M0 430 Q 250 380 520 440 T 768 420 V 512 H 0 Z" fill="#1f3328"/>
  <rect x="150" y="300" width="24" height="110" fill="#e8e2d0"/><polygon points="144,300 180,300 162,270" fill="#b4412f"/>
</svg>`;

const sunMask = `<svg xmlns="http://www.w3.org/2000/svg" width="768" height="512">
  <rect width="768" height="512" fill="#000"/><circle cx="540" cy="250" r="95" fill="#fff"/>
</svg>`;

async function asset(svg: string): Promise<[string, { type: string; data: string }]> {
  const png = await sharp(Buffer.from(svg)).png({ compressionLevel: 9, palette: true }).toBuffer();
  return [createHash('sha256').update(png).digest('hex'), { type: 'image/png', data: png.toString('base64') }];
}

type N = [id: string, type: string, x: number, y: number, params: Record<string, unknown>];
function build(name: string, nodes: N[], edges: [string, string][], assets: Workflow['assets'] = {}): Workflow {
  return {
    format: 'weft-workflow',
    version: 1,
    name,
    nodes: nodes.map(([id, type, x, y, params]) => ({ id, type, position: { x, y }, params })),
    edges: edges.map(([from, to], i) => {
      const [fn, fp] = from.split('.') as [string, string];
      const [tn, tp] = to.split('.') as [string, string];
      return { id: `e${i + 1}`, from: { node: fn, port: fp }, to: { node: tn, port: tp } };
    }),
    assets,
  };
}

async function main(): Promise<void> {
  const [sceneSha, sceneAsset] = await asset(scene);
  const [maskSha, maskAsset] = await asset(sunMask);

  const examples: Record<string, Workflow> = {
    'text-to-image-two-loras': build(
      'Text to image with two LoRAs',
      [
        ['prompt', 'prompt', 0, 0, { text: 'a red vintage car parked by a lighthouse at golden hour, film photo' }],
        ['style', 'lora', 0, 220, { source: 'fofr/flux-80s-cyberpunk', scale: 0.9, trigger: 'style of 80s cyberpunk' }],
        ['detail', 'lora', 0, 420, { source: 'huggingface.co/alvdansen/frosting_lane_flux', scale: 0.6, trigger: 'frstingln illustration' }],
        ['sampler', 'sampler', 380, 80, { aspect_ratio: '3:2', num_outputs: 2, seed: 1234, output_format: 'png' }],
        ['save', 'output', 760, 120, { prefix: 'two-loras' }],
      ],
      [
        ['prompt.prompt', 'sampler.prompt'],
        ['style.lora', 'detail.lora'],
        ['detail.lora', 'sampler.lora'],
        ['sampler.images', 'save.images'],
      ],
    ),
    inpainting: build(
      'Inpainting the sun with a painted mask',
      [
        ['photo', 'image', 0, 0, { asset: sceneSha }],
        ['mask', 'mask', 0, 300, { asset: maskSha }],
        ['prompt', 'prompt', 0, 520, { text: 'a huge glowing full moon with visible craters' }],
        ['sampler', 'sampler', 400, 120, { prompt_strength: 0.9, seed: 777 }],
        ['save', 'output', 780, 160, { prefix: 'inpainted' }],
      ],
      [
        ['photo.image', 'mask.image'],
        ['photo.image', 'sampler.image'],
        ['mask.mask', 'sampler.mask'],
        ['prompt.prompt', 'sampler.prompt'],
        ['sampler.images', 'save.images'],
      ],
      { [sceneSha]: sceneAsset, [maskSha]: maskAsset },
    ),
    'rf-inversion-edit': build(
      'RF-inversion edit: the same scene in winter',
      [
        ['photo', 'image', 0, 0, { asset: sceneSha }],
        ['invert', 'inversion', 0, 260, { mode: 'rf_inversion', eta: 0.85, start_step: 0, end_step: 7 }],
        ['prompt', 'prompt', 0, 520, { text: 'the same landscape in deep winter, snow on the hills, lighthouse lit' }],
        ['sampler', 'sampler', 400, 160, { num_inference_steps: 28, guidance: 3.5, seed: 4242 }],
        ['save', 'output', 780, 200, { prefix: 'winter' }],
      ],
      [
        ['photo.image', 'invert.image'],
        ['invert.inversion', 'sampler.inversion'],
        ['prompt.prompt', 'sampler.prompt'],
        ['sampler.images', 'save.images'],
      ],
      { [sceneSha]: sceneAsset },
    ),
    'text-to-image-then-img2img': build(
      'Text to image, then img2img',
      [
        ['idea', 'prompt', 0, 0, { text: 'a cozy reading nook with a window onto a rainy city, warm lamp light' }],
        ['draft', 'sampler', 380, 0, { aspect_ratio: '4:5', seed: 31337, go_fast: true }],
        ['restyle', 'prompt', 380, 380, { text: 'the same reading nook as a watercolor painting, soft edges' }],
        ['paint', 'sampler', 760, 120, { prompt_strength: 0.65, seed: 31338 }],
        ['save', 'output', 1140, 120, { prefix: 'nook' }],
      ],
      [
        ['idea.prompt', 'draft.prompt'],
        ['draft.image', 'paint.image'],
        ['restyle.prompt', 'paint.prompt'],
        ['draft.image', 'save.images'],
        ['paint.images', 'save.images'],
      ],
    ),
  };
  for (const [file, wf] of Object.entries(examples)) writeFileSync(join(dir, `${file}.weft`), serializeWorkflow(wf));
}

void main();
