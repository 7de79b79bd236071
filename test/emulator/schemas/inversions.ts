/**
 * Input schema of jhorovitz/inversions (seed 004), a fork of cog-flux's dev predictor with RF-Inversion.
 * The seed page omits "Min: 0"; the zero minimums follow cog-flux's Inputs (`ge=0`) and replicate.md
 * ("eta 0..1, start_step 0..28, end_step 0..28").
 */
import { cogOpenApiDocument, type CogEnumSchema, type CogInputSchema } from './cog-types';

export const INVERSIONS_ASPECT_RATIOS = [
  '1:1', '16:9', '21:9', '3:2', '2:3', '4:5', '5:4', '3:4', '4:3', '9:16', '9:21',
] as const;

export const IMG2IMG_MODES = [
  'img2img', 'rf_inversion', 'ddim_inversion', 'original_latents', 'random_latents',
] as const;

const enums: Record<string, CogEnumSchema> = {
  aspect_ratio: { enum: [...INVERSIONS_ASPECT_RATIOS], type: 'string', title: 'aspect_ratio', description: 'An enumeration.' },
  output_format: { enum: ['webp', 'jpg', 'png'], type: 'string', title: 'output_format', description: 'An enumeration.' },
  megapixels: { enum: ['1', '0.25'], type: 'string', title: 'megapixels', description: 'An enumeration.' },
  img2img_mode: { enum: [...IMG2IMG_MODES], type: 'string', title: 'img2img_mode', description: 'An enumeration.' },
};

const input: CogInputSchema = {
  type: 'object',
  title: 'Input',
  required: ['prompt'],
  properties: {
    prompt: { type: 'string', title: 'Prompt', 'x-order': 0, description: 'Prompt for generated image' },
    aspect_ratio: {
      allOf: [{ $ref: '#/components/schemas/aspect_ratio' }],
      default: '1:1',
      'x-order': 1,
      description: 'Aspect ratio for the generated image',
    },
    image: {
      type: 'string',
      title: 'Image',
      format: 'uri',
      'x-order': 2,
      description: 'Input image for image to image mode. The aspect ratio of your output will match this image',
    },
    prompt_strength: {
      type: 'number',
      title: 'Prompt Strength',
      default: 0.95,
      minimum: 0,
      maximum: 1,
      'x-order': 3,
      description:
        'Prompt strength when using img2img. 1.0 corresponds to full destruction of information in image',
    },
    num_outputs: {
      type: 'integer',
      title: 'Num Outputs',
      default: 1,
      minimum: 1,
      maximum: 4,
      'x-order': 4,
      description: 'Number of outputs to generate',
    },
    num_inference_steps: {
      type: 'integer',
      title: 'Num Inference Steps',
      default: 28,
      minimum: 1,
      maximum: 50,
      'x-order': 5,
      description: 'Number of denoising steps. Recommended range is 28-50',
    },
    guidance: {
      type: 'number',
      title: 'Guidance',
      default: 3,
      minimum: 0,
      maximum: 10,
      'x-order': 6,
      description: 'Guidance for generated image',
    },
    seed: { type: 'integer', title: 'Seed', 'x-order': 7, description: 'Random seed. Set for reproducible generation' },
    output_format: {
      allOf: [{ $ref: '#/components/schemas/output_format' }],
      default: 'webp',
      'x-order': 8,
      description: 'Format of the output images',
    },
    output_quality: {
      type: 'integer',
      title: 'Output Quality',
      default: 80,
      minimum: 0,
      maximum: 100,
      'x-order': 9,
      description:
        'Quality when saving the output images, from 0 to 100. 100 is best quality, 0 is lowest quality. Not relevant for .png outputs',
    },
    disable_safety_checker: {
      type: 'boolean',
      title: 'Disable Safety Checker',
      default: false,
      'x-order': 10,
      description: 'Disable safety checker for generated images.',
    },
    go_fast: {
      type: 'boolean',
      title: 'Go Fast',
      default: true,
      'x-order': 11,
      description:
        'Run faster predictions with model optimized for speed (currently fp8 quantized); disable to run in original bf16',
    },
    megapixels: {
      allOf: [{ $ref: '#/components/schemas/megapixels' }],
      default: '1',
      'x-order': 12,
      description: 'Approximate number of megapixels for generated image',
    },
    img2img_mode: {
      allOf: [{ $ref: '#/components/schemas/img2img_mode' }],
      default: 'rf_inversion',
      'x-order': 13,
      description:
        'Algorithm to use for img2img. Default FluxImg2ImgPipeline, RF Inversion, DDIM inversion, or using the original image latents. All options but img2img use the eta based sampling strategy detailed in RF Inversion.',
    },
    eta: {
      type: 'number',
      title: 'Eta',
      default: 0.9,
      minimum: 0,
      maximum: 1,
      'x-order': 14,
      description:
        'Controls strength of influence from the original image in RF inversion sampling. Typical values are 0.7-1.0',
    },
    start_step: {
      type: 'integer',
      title: 'Start Step',
      default: 0,
      minimum: 0,
      maximum: 28,
      'x-order': 15,
      description: 'Controls start step for RF inversion sampling. Typical values are 0-3.',
    },
    end_step: {
      type: 'integer',
      title: 'End Step',
      default: 6,
      minimum: 0,
      maximum: 28,
      'x-order': 16,
      // Sic: the published description says "start step" here too.
      description: 'Controls start step for RF inversion sampling. Typical values are 5-8.',
    },
  },
};

export function inversionsOpenApiSchema() {
  return cogOpenApiDocument(structuredClone(input), structuredClone(enums));
}
