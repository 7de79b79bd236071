/**
 * jhorovitz/inversions: cog-flux's dev predictor plus RF-Inversion. Its source is not public, so beyond
 * replicate.md this follows the dev predictor it forks: seed 0 means random, go_fast is forced off with
 * an image, and in bf16 its progress lines carry no total.
 */
import {
  asNumber,
  asOptionalNumber,
  asOutputFormat,
  asString,
  inputFingerprint,
  noStepsLeftCrash,
  type PlanContext,
  type RunPlan,
} from './plan';
import { sizeFollowingImage, sizeFromAspectRatio } from './sizes';

export function planInversions(context: PlanContext): RunPlan {
  const input = context.input;
  const lines: string[] = [];
  const image = context.files.image;
  let goFast = input.go_fast !== false;
  const numSteps = asNumber(input.num_inference_steps, 28);
  const promptStrength = asNumber(input.prompt_strength, 0.95);
  const mode = asString(input.img2img_mode, 'rf_inversion');

  if (image && goFast) {
    lines.push('Img2img not supported with fast fp8 inference; will run in bf16');
    goFast = false;
  }

  const requested = asOptionalNumber(input.seed);
  const seed = requested === undefined || requested === 0 ? context.drawSeed() : requested;
  lines.push(`Using seed: ${seed}`);

  let size = sizeFromAspectRatio(asString(input.aspect_ratio, '1:1'), asString(input.megapixels, '1'));
  let steps = numSteps;
  const base = {
    seed,
    setupLines: lines,
    steps,
    progressStyle: goFast ? ('percent' as const) : ('count' as const),
    width: size.width,
    height: size.height,
    numOutputs: asNumber(input.num_outputs, 1),
    outputFormat: asOutputFormat(input.output_format),
    outputQuality: asNumber(input.output_quality, 80),
    safetyCheckerEnabled: input.disable_safety_checker !== true,
    goFast,
    fingerprint: '',
  };

  if (image) {
    const followed = sizeFollowingImage(image);
    lines.push('Image detected - setting to img2img mode');
    lines.push(`Input image size: ${image.width}x${image.height}`);
    if (followed.scaled.width !== image.width) {
      lines.push(`Scaling image down to ${followed.scaled.width}x${followed.scaled.height}`);
    }
    lines.push(`Input image size set to: ${followed.width}x${followed.height}`);
    if (followed.width === 0 || followed.height === 0) {
      // torch.nn.functional.interpolate refuses an empty output size.
      return {
        ...base,
        crash: {
          exceptionType: 'RuntimeError',
          error: `Input and output sizes should be greater than 0, but got input (H: ${image.height}, W: ${image.width}) output (H: ${followed.height}, W: ${followed.width})`,
          frame: 'File "/src/bfl_predictor.py", line 660, in maybe_scale_to_closest_multiple',
        },
      };
    }
    lines.push(`img2img_mode: ${mode}`);
    size = { width: followed.width, height: followed.height };
    if (mode === 'img2img') {
      steps = Math.floor(numSteps * promptStrength);
      if (steps < 1) return { ...base, ...size, crash: noStepsLeftCrash(promptStrength, steps) };
    } else {
      const endStep = asNumber(input.end_step, 6);
      // The reference RF-Inversion code indexes the schedule with end_step; past the last step it raises.
      if (endStep > numSteps) {
        return {
          ...base,
          ...size,
          crash: {
            exceptionType: 'IndexError',
            error: `index ${endStep} is out of bounds for dimension 0 with size ${numSteps}`,
            frame: 'File "/src/rf_inversion.py", line 212, in sample',
          },
        };
      }
    }
  }

  return {
    ...base,
    steps,
    width: size.width,
    height: size.height,
    fingerprint: inputFingerprint(context, seed, { mode: image ? mode : 'txt2img', size }),
  };
}
