// Input rules for the inversions model (seed 004): RF-inversion and DDIM-inversion edits of an image.
// It has no LoRA, no mask, no schnell and no custom size; its seed 0 means "random".
import type { NodeInfo } from '../node-definition';
import { INVERSIONS_MODEL } from './refs';
import { sizeFollowingImage } from './sizes';
import { checkImg2ImgSteps, imageInput, qualityInput, type BuiltCall, type Report, type SamplerRequest } from './sampler-request';

export const INVERSIONS_DEFAULTS = { prompt_strength: 0.95, go_fast: true } as const;
export const INVERSION_MODES = ['img2img', 'rf_inversion', 'ddim_inversion', 'original_latents', 'random_latents'] as const;
/** The schema's own bound on start_step and end_step. */
export const MAX_INVERSION_STEP = 28;

export function buildInversionsCall(request: SamplerRequest, report: Report): BuiltCall | undefined {
  const { settings, inversion, explicitParams } = request;
  let ok = true;
  const fail: Report = (severity, code, message, where) => {
    if (severity === 'error') ok = false;
    report(severity, code, message, where);
  };
  if (!inversion) throw new Error('buildInversionsCall needs an inversion input');

  const why = 'the inversions model';
  if (request.lora) fail('error', 'inversion-lora', `${why} takes no LoRA: disconnect it or remove the inversion`, { port: 'lora' });
  if (request.mask) fail('error', 'inversion-mask', `${why} takes no mask: disconnect it or remove the inversion`, { port: 'mask' });
  if (request.image) fail('error', 'inversion-image', `the image to edit comes from the inversion node (${inversion.origin}): disconnect this one`, { port: 'image' });
  if (settings.model === 'schnell') fail('error', 'inversion-schnell', `${why} runs FLUX dev only: set model to dev`, { param: 'model' });
  if (settings.aspect_ratio === 'custom') fail('error', 'inversion-custom', `${why} has no custom size: the output follows the input image`, { param: 'aspect_ratio' });
  if (settings.fine_tune !== undefined && settings.fine_tune.trim() !== '') {
    fail('error', 'inversion-fine-tune', `a fine-tune replaces the LoRA model, but an inversion always runs on ${INVERSIONS_MODEL.model}: clear fine_tune`, { param: 'fine_tune' });
  }
  if (!request.randomSeed && request.seed === 0) {
    fail('error', 'inversion-seed-zero', `${why} reads seed 0 as "random": choose another seed to make the output reproducible`, { param: 'seed' });
  }
  const usesWindow = inversion.mode !== 'img2img';
  if (usesWindow && inversion.endStep > settings.num_inference_steps) {
    fail(
      'error',
      'inversion-end-after-steps',
      `the inversion window of node ${inversion.origin} ends at step ${inversion.endStep}, after the last of ${settings.num_inference_steps} steps: lower its end_step or raise num_inference_steps`,
      { param: 'num_inference_steps' },
    );
  }
  const promptStrength = settings.prompt_strength ?? INVERSIONS_DEFAULTS.prompt_strength;
  if (inversion.mode === 'img2img') checkImg2ImgSteps(settings, promptStrength, fail);
  if (!ok) return undefined;

  const ignored: string[] = ['aspect_ratio', 'width', 'height', 'megapixels'].filter((p) => explicitParams.has(p));
  if (ignored.length) {
    report('info', 'size-follows-image', `${ignored.join(', ')} ${ignored.length > 1 ? 'are' : 'is'} not sent: the output follows the input image`, {});
  }
  if (settings.output_format === 'png' && explicitParams.has('output_quality')) ignored.push('output_quality');

  const input: Record<string, unknown> = {
    prompt: request.prompt.text,
    image: imageInput(inversion.image.ref),
    prompt_strength: promptStrength,
    num_outputs: settings.num_outputs,
    num_inference_steps: settings.num_inference_steps,
    guidance: settings.guidance,
    seed: request.seed,
    output_format: settings.output_format,
    ...qualityInput(settings),
    disable_safety_checker: settings.disable_safety_checker,
    go_fast: settings.go_fast ?? INVERSIONS_DEFAULTS.go_fast,
    img2img_mode: inversion.mode,
    ...(usesWindow ? { eta: inversion.eta, start_step: inversion.startStep, end_step: inversion.endStep } : {}),
  };
  const info: NodeInfo = {
    mode: 'inversion',
    finalPrompt: request.prompt.text,
    ...(inversion.image.size ? { outputSize: sizeFollowingImage(inversion.image.size) } : {}),
    ...(ignored.length ? { ignoredParams: ignored } : {}),
  };
  return {
    draft: { model: INVERSIONS_MODEL.model, version: INVERSIONS_MODEL.version, input, seed: request.seed, randomSeed: request.randomSeed },
    info,
  };
}
