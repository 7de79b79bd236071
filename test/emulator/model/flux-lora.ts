/**
 * The FLUX LoRA "hotswap" predictor (cog-flux HotswapPredictor), as replicate.md describes it:
 * custom sizes need width and height, go_fast is forced off for images and custom sizes, LoRA sources
 * must parse, img2img needs floor(steps * prompt_strength) >= 1, and an image decides the output size.
 */
import { loraSourceError } from './lora-sources';
import {
  asNumber,
  asOptionalNumber,
  asOutputFormat,
  asString,
  inputFingerprint,
  noStepsLeftCrash,
  type ModelCrash,
  type PlanContext,
  type RunPlan,
} from './plan';
import { roundUpTo16, sizeFollowingImage, sizeFromAspectRatio, type Size } from './sizes';

function crashPlan(base: Omit<RunPlan, 'crash'>, crash: ModelCrash): RunPlan {
  return { ...base, crash };
}

export function planFluxLora(context: PlanContext): RunPlan {
  const input = context.input;
  const lines: string[] = [];
  let goFast = input.go_fast === true;
  const aspectRatio = asString(input.aspect_ratio, '1:1');
  const numSteps = asNumber(input.num_inference_steps, 28);
  const promptStrength = asNumber(input.prompt_strength, 0.8);
  const image = context.files.image;
  const mask = image ? context.files.mask : undefined; // a mask without an image is silently ignored

  const base = {
    steps: numSteps,
    progressStyle: 'percent' as const,
    width: 0,
    height: 0,
    numOutputs: asNumber(input.num_outputs, 1),
    outputFormat: asOutputFormat(input.output_format),
    outputQuality: asNumber(input.output_quality, 80),
    safetyCheckerEnabled: input.disable_safety_checker !== true,
    goFast,
    fingerprint: '',
    setupLines: lines,
  };

  let size: Size;
  if (aspectRatio === 'custom') {
    if (goFast) {
      lines.push('Custom aspect ratios not supported with fast fp8 inference; will run in bf16');
      goFast = false;
    }
    const width = asOptionalNumber(input.width);
    const height = asOptionalNumber(input.height);
    if (width === undefined || height === undefined) {
      // make_multiple_of_16(None) evaluates None + 15.
      return crashPlan(base, {
        exceptionType: 'TypeError',
        error: "unsupported operand type(s) for +: 'NoneType' and 'int'",
        frame: 'File "/src/diffusers_predictor.py", line 341, in make_multiple_of_16',
      });
    }
    size = { width: roundUpTo16(width), height: roundUpTo16(height) };
  } else {
    size = sizeFromAspectRatio(aspectRatio, asString(input.megapixels, '1'));
  }

  if (image && goFast) {
    lines.push('Img2img and inpainting not supported with fast fp8 inference; will run in bf16');
    goFast = false;
  }

  // handle_loras runs before sampling. In bf16 an extra LoRA without a main one is ignored; the fp8
  // path promotes it to the main LoRA instead.
  const mainLora = typeof input.replicate_weights === 'string' && input.replicate_weights !== '' ? input.replicate_weights : undefined;
  const extraLora = typeof input.extra_lora === 'string' && input.extra_lora !== '' ? input.extra_lora : undefined;
  const lorasToLoad = goFast ? [mainLora ?? extraLora, mainLora ? extraLora : undefined] : [mainLora, mainLora ? extraLora : undefined];
  for (const source of lorasToLoad) {
    if (source === undefined) continue;
    const error = loraSourceError(source);
    if (error) {
      return crashPlan({ ...base, goFast }, {
        exceptionType: 'ValueError',
        error,
        frame: 'File "/src/weights.py", line 305, in make_download_url',
      });
    }
  }
  if (lorasToLoad.some((source) => source !== undefined)) lines.push(goFast ? 'Loading LoRA weights' : 'Loaded LoRAs in 0.41s');

  // bf16 (diffusers) treats a missing or negative seed as "random"; fp8 only a missing one.
  const requested = asOptionalNumber(input.seed);
  const seed = requested === undefined || (!goFast && requested < 0) ? context.drawSeed() : requested;
  lines.push(`Using seed: ${seed}`);
  if (!goFast) lines.push(`Prompt: ${asString(input.prompt, '')}`);

  let steps = numSteps;
  if (image) {
    const followed = sizeFollowingImage(image);
    lines.push(`Input image size: ${image.width}x${image.height}`);
    lines.push(`[!] Resizing input image from ${image.width}x${image.height} to ${followed.width}x${followed.height}`);
    if (followed.width === 0 || followed.height === 0) {
      // A sliver of an image scales to zero pixels on one side; PIL refuses to resize to that.
      return crashPlan({ ...base, goFast, seed }, {
        exceptionType: 'ValueError',
        error: 'height and width must be > 0',
        frame: 'File "/src/diffusers_predictor.py", line 247, in predict',
      });
    }
    lines.push(mask ? '[!] inpaint mode' : '[!] img2img mode');
    size = { width: followed.width, height: followed.height };
    steps = Math.floor(numSteps * promptStrength);
    if (steps < 1) {
      return crashPlan({ ...base, goFast, seed, width: size.width, height: size.height }, noStepsLeftCrash(promptStrength, steps));
    }
  } else if (!goFast) {
    lines.push('[!] txt2img mode');
  }

  return {
    ...base,
    seed,
    goFast,
    steps,
    width: size.width,
    height: size.height,
    fingerprint: inputFingerprint(context, seed, { mode: image ? (mask ? 'inpaint' : 'img2img') : 'txt2img', size }),
  };
}
