// What a sampler node hands to a model's input builder: its params and the values on its inputs.
import type { Diagnostic, Severity } from '../diagnostics';
import type { CallDraft, NodeInfo } from '../node-definition';
import type { ImageRef, ImageValue, InversionValue, LoraValue, MaskValue, TextValue } from '../values';

export interface SamplerSettings {
  model: 'dev' | 'schnell';
  aspect_ratio: string;
  width?: number;
  height?: number;
  megapixels: '1' | '0.25';
  num_outputs: number;
  num_inference_steps: number;
  guidance: number;
  /** Unset means the model's own default (0.8 for the LoRA model, 0.95 for the inversions model). */
  prompt_strength?: number;
  seed: number | 'random';
  /** Unset means the model's own default (off for the LoRA model, on for the inversions model). */
  go_fast?: boolean;
  output_format: 'webp' | 'jpg' | 'png';
  output_quality: number;
  disable_safety_checker: boolean;
  fine_tune?: string;
}

export interface SamplerRequest {
  settings: SamplerSettings;
  prompt: TextValue;
  lora?: LoraValue;
  image?: ImageValue;
  mask?: MaskValue;
  inversion?: InversionValue;
  seed: number;
  randomSeed: boolean;
  /** Which optional params the user actually set (so "ignored" notes only name what they chose). */
  explicitParams: ReadonlySet<string>;
}

export type Report = (severity: Severity, code: string, message: string, where?: Pick<Diagnostic, 'port' | 'param'>) => void;

export interface BuiltCall {
  draft: CallDraft;
  info: NodeInfo;
}

export function imageInput(ref: ImageRef): { $image: ImageRef } {
  return { $image: ref };
}

/** img2img runs floor(steps × strength) denoising steps and fails at run time when that is zero. */
export function checkImg2ImgSteps(settings: SamplerSettings, promptStrength: number, report: Report): void {
  const steps = Math.floor(settings.num_inference_steps * promptStrength);
  if (steps < 1) {
    report(
      'error',
      'img2img-no-steps',
      `with an input image the model runs floor(num_inference_steps × prompt_strength) steps, here floor(${settings.num_inference_steps} × ${promptStrength}) = ${steps}, and fails: raise one of them`,
      { param: 'prompt_strength' },
    );
  }
}

/** output_quality means nothing for PNG, so it is not sent (and changing it does not re-run a call). */
export function qualityInput(settings: SamplerSettings): Record<string, unknown> {
  return settings.output_format === 'png' ? {} : { output_quality: settings.output_quality };
}
