// A sampler: one FLUX prediction. Without an inversion it runs the FLUX LoRA model (text-to-image,
// img2img or inpainting, with up to two LoRAs); with one it runs the inversions model.
import {
  ASPECT_RATIOS,
  booleanParam,
  buildFluxLoraCall,
  buildInversionsCall,
  choiceParam,
  MEGAPIXELS,
  numberParam,
  seedParam,
  textParam,
  type ImageValue,
  type InversionValue,
  type LoraValue,
  type MaskValue,
  type NodeDefinition,
  type Report,
  type SamplerSettings,
  type TextValue,
} from '../src/engine';

const DEPLOYMENT = /^[A-Za-z0-9][A-Za-z0-9_-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export const samplerNode: NodeDefinition = {
  type: 'sampler',
  title: 'Sampler',
  description: 'One FLUX prediction. Wire an image for img2img, an image and a mask for inpainting, or an inversion for an inversion edit.',
  category: 'sampling',
  inputs: [
    { name: 'prompt', type: 'text', label: 'prompt' },
    { name: 'lora', type: 'lora', label: 'LoRA', optional: true },
    { name: 'image', type: 'image', label: 'image', optional: true, description: 'img2img: the output follows this image.' },
    { name: 'mask', type: 'mask', label: 'mask', optional: true, description: 'Inpainting: needs an image too.' },
    { name: 'inversion', type: 'inversion', label: 'inversion', optional: true, description: 'Runs the inversions model instead of the LoRA model.' },
  ],
  outputs: [
    { name: 'images', type: 'images', label: 'all images' },
    { name: 'image', type: 'image', label: 'first image' },
  ],
  params: {
    model: choiceParam({
      label: 'Model',
      description: 'Which model to run inference with. The dev model performs best with around 28 inference steps but the schnell model only needs 4 steps.',
      options: ['dev', 'schnell'],
      default: 'dev',
    }),
    aspect_ratio: choiceParam({
      label: 'Aspect ratio',
      description: 'Aspect ratio for the generated image. If custom is selected, uses height and width below & will run in bf16 mode',
      options: [...ASPECT_RATIOS, 'custom'],
      default: '1:1',
    }),
    width: numberParam({
      label: 'Width',
      description: 'Width of generated image. Only works if `aspect_ratio` is set to custom. Rounded up to a multiple of 16. Incompatible with fast generation',
      min: 256,
      max: 1440,
      integer: true,
      optional: true,
    }),
    height: numberParam({
      label: 'Height',
      description: 'Height of generated image. Only works if `aspect_ratio` is set to custom. Rounded up to a multiple of 16. Incompatible with fast generation',
      min: 256,
      max: 1440,
      integer: true,
      optional: true,
    }),
    megapixels: choiceParam({ label: 'Megapixels', description: 'Approximate number of megapixels for generated image', options: MEGAPIXELS, default: '1' }),
    num_outputs: numberParam({ label: 'Outputs', description: 'Number of outputs to generate', min: 1, max: 4, integer: true, default: 1 }),
    num_inference_steps: numberParam({
      label: 'Steps',
      description: 'Number of denoising steps. More steps can give more detailed images, but take longer.',
      min: 1,
      max: 50,
      integer: true,
      default: 28,
    }),
    guidance: numberParam({
      label: 'Guidance',
      description: 'Guidance scale for the diffusion process. Lower values can give more realistic images. Good values to try are 2, 2.5, 3 and 3.5',
      min: 0,
      max: 10,
      step: 0.1,
      default: 3,
    }),
    prompt_strength: numberParam({
      label: 'Prompt strength',
      description: 'Prompt strength when using img2img. 1.0 corresponds to full destruction of information in image',
      min: 0,
      max: 1,
      step: 0.01,
      optional: true,
      unsetLabel: "model default (0.8, or 0.95 for an inversion)",
    }),
    seed: seedParam({ label: 'Seed', description: 'Random seed. Set for reproducible generation. "random" draws a new one each time the workflow is compiled, and records it.' }),
    go_fast: booleanParam({
      label: 'Fast mode',
      description: 'Run faster predictions with model optimized for speed (currently fp8 quantized); disable to run in original bf16',
      optional: true,
      unsetLabel: 'model default (off, or on for an inversion)',
    }),
    output_format: choiceParam({ label: 'Format', description: 'Format of the output images', options: ['webp', 'jpg', 'png'], default: 'webp' }),
    output_quality: numberParam({
      label: 'Quality',
      description: 'Quality when saving the output images, from 0 to 100. 100 is best quality, 0 is lowest quality. Not relevant for .png outputs',
      min: 0,
      max: 100,
      integer: true,
      default: 80,
    }),
    disable_safety_checker: booleanParam({ label: 'Disable safety checker', description: 'Disable safety checker for generated images.', default: false }),
    deployment: textParam({
      label: 'Deployment',
      description:
        'Run this call on your Replicate deployment (dedicated, autoscaled hardware) instead of the public model: owner/name. The deployment must serve the model version this sampler uses; Weft checks it and caches results the same way.',
      optional: true,
      placeholder: 'owner/name',
    }),
    fine_tune: textParam({
      label: 'Fine-tune',
      description: 'Run another FLUX fine-tune with the same inputs as the LoRA model instead: owner/name:version.',
      optional: true,
      widget: 'model-version',
      placeholder: 'owner/name:version',
    }),
  },
  evaluate(ctx) {
    const settings = ctx.params as unknown as SamplerSettings;
    const first = <T>(port: string) => ctx.inputs[port]?.[0] as T | undefined;
    const prompt = first<TextValue>('prompt');
    if (!prompt) return {};
    const randomSeed = settings.seed === 'random';
    const seed = randomSeed ? ctx.env.randomSeed() : (settings.seed as number);
    const report: Report = (severity, code, message, where) => ctx.diagnose({ severity, code, message, ...where });
    const lora = first<LoraValue>('lora');
    const image = first<ImageValue>('image');
    const mask = first<MaskValue>('mask');
    const inversion = first<InversionValue>('inversion');
    const request = {
      settings,
      prompt,
      seed,
      randomSeed,
      explicitParams: ctx.explicitParams,
      ...(lora ? { lora } : {}),
      ...(image ? { image } : {}),
      ...(mask ? { mask } : {}),
      ...(inversion ? { inversion } : {}),
    };
    const built = inversion ? buildInversionsCall(request, report) : buildFluxLoraCall(request, report);
    const deployment = (ctx.params.deployment as string | undefined)?.trim();
    if (deployment && !DEPLOYMENT.test(deployment)) {
      ctx.diagnose({ severity: 'error', code: 'deployment-invalid', param: 'deployment', message: 'must be the owner/name of one of your Replicate deployments' });
      return {};
    }
    if (!built) return {};
    if (deployment) built.draft.deployment = deployment;
    const size = built.info.outputSize;
    return {
      call: built.draft,
      info: built.info,
      outputs: {
        images: { kind: 'images', origin: ctx.callId, count: settings.num_outputs, ...(size ? { size } : {}) },
        image: { kind: 'image', origin: ctx.callId, ref: { output: { node: ctx.callId, index: 0 } }, ...(size ? { size } : {}) },
      },
    };
  },
};
