// Input rules for the FLUX LoRA model (seed 000, cog-flux's hotswap predictor): what to send, what the
// model would ignore (and so is left out of the input and the cache key), and what would fail at run time.
import type { NodeInfo } from '../node-definition';
import { FLUX_LORA_MODEL, parseModelVersion, type ModelRef } from './refs';
import { aspectRatioSize, customSize, sizeFollowingImage } from './sizes';
import { checkImg2ImgSteps, imageInput, qualityInput, type BuiltCall, type Report, type SamplerRequest } from './sampler-request';
import type { ImageSize } from '../values';

export const FLUX_LORA_DEFAULTS = { prompt_strength: 0.8, go_fast: false } as const;
/** With go_fast the model multiplies the main LoRA's scale by 1.5 (not the extra LoRA's). */
export const GO_FAST_LORA_MULTIPLIER = 1.5;
export const LORA_SLOTS = 2;

export function buildFluxLoraCall(request: SamplerRequest, report: Report): BuiltCall | undefined {
  const { settings, image, mask, explicitParams } = request;
  let ok = true;
  const fail: Report = (severity, code, message, where) => {
    if (severity === 'error') ok = false;
    report(severity, code, message, where);
  };

  let ref: ModelRef = FLUX_LORA_MODEL;
  if (settings.fine_tune !== undefined && settings.fine_tune.trim() !== '') {
    const parsed = parseModelVersion(settings.fine_tune);
    if ('error' in parsed) fail('error', 'fine-tune-invalid', parsed.error, { param: 'fine_tune' });
    else ref = parsed;
  }

  const layers = request.lora?.stack ?? [];
  if (layers.length > LORA_SLOTS) {
    fail(
      'error',
      'too-many-loras',
      `${layers.length} LoRAs are chained here (${layers.map((l) => l.node).join(' → ')}) but the model has two slots, main and extra: remove ${layers.length - LORA_SLOTS}`,
      { port: 'lora' },
    );
  }

  if (mask && !image) {
    fail('error', 'mask-without-image', 'a mask needs an input image too: the model silently ignores a mask on its own', { port: 'mask' });
  }

  const custom = settings.aspect_ratio === 'custom';
  let outputSize: ImageSize | undefined;
  const ignored: string[] = [];
  const sizeInput: Record<string, unknown> = {};
  if (image) {
    for (const p of ['aspect_ratio', 'width', 'height', 'megapixels'] as const) if (explicitParams.has(p)) ignored.push(p);
    if (ignored.length) {
      report('info', 'size-follows-image', `${ignored.join(', ')} ${ignored.length > 1 ? 'are' : 'is'} not sent: the output follows the input image`, {});
    }
    outputSize = image.size ? sizeFollowingImage(image.size) : undefined;
  } else if (custom) {
    if (settings.width === undefined) fail('error', 'custom-needs-size', 'the custom aspect ratio needs a width (256 to 1440)', { param: 'width' });
    if (settings.height === undefined) fail('error', 'custom-needs-size', 'the custom aspect ratio needs a height (256 to 1440)', { param: 'height' });
    if (settings.width !== undefined && settings.height !== undefined) {
      sizeInput.aspect_ratio = 'custom';
      sizeInput.width = settings.width;
      sizeInput.height = settings.height;
      outputSize = customSize(settings.width, settings.height);
    }
    if (explicitParams.has('megapixels')) ignored.push('megapixels');
  } else {
    sizeInput.aspect_ratio = settings.aspect_ratio;
    sizeInput.megapixels = settings.megapixels;
    outputSize = aspectRatioSize(settings.aspect_ratio, settings.megapixels);
    for (const p of ['width', 'height'] as const) {
      if (settings[p] !== undefined) {
        ignored.push(p);
        report('info', 'size-needs-custom', `${p} is used only with the custom aspect ratio, so it is not sent`, { param: p });
      }
    }
  }

  const promptStrength = settings.prompt_strength ?? FLUX_LORA_DEFAULTS.prompt_strength;
  if (image) checkImg2ImgSteps(settings, promptStrength, fail);
  else if (settings.prompt_strength !== undefined) ignored.push('prompt_strength');

  if (image && mask) checkMaskMatchesImage(request, report);

  const wantsFast = settings.go_fast ?? FLUX_LORA_DEFAULTS.go_fast;
  const forcedOffBy = image ? 'an input image is given' : custom ? 'the size is custom' : undefined;
  const goFast = wantsFast && !forcedOffBy;
  if (wantsFast && forcedOffBy) {
    report('warning', 'go-fast-forced-off', `fast mode is sent as off: the model runs in bf16 when ${forcedOffBy}`, { param: 'go_fast' });
  }

  if (!ok) return undefined;

  const { prompt, added } = promptWithTriggers(request.prompt.text, layers);
  const [main, extra] = layers;
  const input: Record<string, unknown> = {
    prompt,
    ...(image ? { image: imageInput(image.ref) } : {}),
    ...(image && mask ? { mask: imageInput(mask.ref) } : {}),
    ...sizeInput,
    ...(image ? { prompt_strength: promptStrength } : {}),
    model: settings.model,
    num_outputs: settings.num_outputs,
    num_inference_steps: settings.num_inference_steps,
    guidance_scale: settings.guidance,
    seed: request.seed,
    output_format: settings.output_format,
    ...qualityInput(settings),
    disable_safety_checker: settings.disable_safety_checker,
    go_fast: goFast,
    ...(main ? { replicate_weights: main.source.trim(), lora_scale: main.scale } : {}),
    ...(extra ? { extra_lora: extra.source.trim(), extra_lora_scale: extra.scale } : {}),
  };
  if (settings.output_format === 'png' && explicitParams.has('output_quality')) ignored.push('output_quality');

  const info: NodeInfo = {
    mode: image ? (mask ? 'inpainting' : 'img2img') : 'text-to-image',
    finalPrompt: prompt,
    ...(added.length ? { triggersAdded: added } : {}),
    ...(outputSize ? { outputSize } : {}),
    ...(main ? { effectiveLoraScale: goFast ? main.scale * GO_FAST_LORA_MULTIPLIER : main.scale } : {}),
    ...(ignored.length ? { ignoredParams: ignored } : {}),
  };
  return {
    draft: { model: ref.model, version: ref.version, input, seed: request.seed, randomSeed: request.randomSeed },
    info,
  };
}

/** Each LoRA's trigger word goes in front of the prompt, upstream first, unless the prompt has it already. */
export function promptWithTriggers(text: string, layers: readonly { trigger?: string | undefined }[]): { prompt: string; added: string[] } {
  const added: string[] = [];
  for (const layer of layers) {
    const trigger = layer.trigger?.trim();
    if (trigger && !text.includes(trigger) && !added.includes(trigger)) added.push(trigger);
  }
  if (!added.length) return { prompt: text, added };
  return { prompt: text.trim() === '' ? added.join(', ') : `${added.join(', ')}, ${text}`, added };
}

function checkMaskMatchesImage(request: SamplerRequest, report: Report): void {
  const { image, mask } = request;
  if (!image || !mask) return;
  if (mask.paintedOver && mask.paintedOver.origin !== image.origin) {
    report('warning', 'mask-other-image', `the mask was painted over node ${mask.paintedOver.origin}'s image, but the sampler's image comes from node ${image.origin}`, { port: 'mask' });
  }
  if (image.size && mask.size && (image.size.width !== mask.size.width || image.size.height !== mask.size.height)) {
    report(
      'warning',
      'mask-size-mismatch',
      `the mask is ${mask.size.width}×${mask.size.height} but the image is ${image.size.width}×${image.size.height}: the model stretches the mask to fit`,
      { port: 'mask' },
    );
  }
}
