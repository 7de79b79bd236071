// An inversion edit: routes a sampler to the inversions model, which pulls sampling toward the input
// image (RF-inversion, Rout et al. 2024) for the steps in [start_step, end_step).
import { choiceParam, INVERSION_MODES, MAX_INVERSION_STEP, numberParam, type ImageValue, type NodeDefinition } from '../src/engine';

export const inversionNode: NodeDefinition = {
  type: 'inversion',
  title: 'Inversion',
  description:
    'Edit an image with the inversions model. Higher eta keeps more of the image and allows less editing; the usual window is the first quarter of the steps.',
  category: 'conditioning',
  inputs: [{ name: 'image', type: 'image', label: 'image to edit' }],
  outputs: [{ name: 'inversion', type: 'inversion', label: 'inversion' }],
  params: {
    mode: choiceParam({
      label: 'Mode',
      description:
        'Algorithm to use for img2img. Default FluxImg2ImgPipeline, RF Inversion, DDIM inversion, or using the original image latents. All options but img2img use the eta based sampling strategy detailed in RF Inversion.',
      options: INVERSION_MODES,
      default: 'rf_inversion',
    }),
    eta: numberParam({
      label: 'Eta',
      description: 'Controls strength of influence from the original image in RF inversion sampling. Typical values are 0.7-1.0',
      min: 0,
      max: 1,
      step: 0.01,
      default: 0.9,
    }),
    start_step: numberParam({
      label: 'Start step',
      description: 'Controls start step for RF inversion sampling. Typical values are 0-3.',
      min: 0,
      max: MAX_INVERSION_STEP,
      integer: true,
      default: 0,
    }),
    end_step: numberParam({
      label: 'End step',
      description: 'Controls end step for RF inversion sampling. Typical values are 5-8.',
      min: 0,
      max: MAX_INVERSION_STEP,
      integer: true,
      default: 6,
    }),
  },
  evaluate(ctx) {
    const image = ctx.inputs.image?.[0] as ImageValue | undefined;
    const mode = ctx.params.mode as string;
    const startStep = ctx.params.start_step as number;
    const endStep = ctx.params.end_step as number;
    if (mode !== 'img2img' && startStep > endStep) {
      ctx.diagnose({ severity: 'error', code: 'inversion-window', param: 'start_step', message: `(${startStep}) is after end_step (${endStep}): the window would be empty` });
      return {};
    }
    if (!image) return {};
    return { outputs: { inversion: { kind: 'inversion', origin: ctx.nodeId, image, mode, eta: ctx.params.eta as number, startStep, endStep } } };
  },
};
