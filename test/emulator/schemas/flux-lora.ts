/**
 * Input schema of the FLUX LoRA "hotswap" model (seed 000, deeterbleater/flux-thoth), transcribed from the
 * seed page and cog-flux's HotswapPredictor. Many FLUX fine-tunes publish exactly this schema.
 *
 * Seed pages print neither "Min: 0" nor enum options for this model (its enum types show as "None");
 * the zero minimums and the choices come from cog-flux (`ge=0`, `choices=list(ASPECT_RATIOS) + ["custom"]`).
 */
import { cogOpenApiDocument, type CogEnumSchema, type CogInputSchema } from './cog-types';

const LORA_SOURCE_HELP =
  "Load LoRA weights. Supports Replicate models in the format <owner>/<username> or <owner>/<username>/<version>, HuggingFace URLs in the format huggingface.co/<owner>/<model-name>, CivitAI URLs in the format civitai.com/models/<id>[/<model-name>], or arbitrary .safetensors URLs from the Internet. For example, 'fofr/flux-pixar-cars'";
const LORA_SCALE_HELP_TAIL =
  " Sane results between 0 and 1 for base inference. For go_fast we apply a 1.5x multiplier to this value; we've generally seen good performance when scaling the base value by that amount. You may still need to experiment to find the best value for your particular lora.";

export const FLUX_LORA_ASPECT_RATIOS = [
  '1:1', '16:9', '21:9', '3:2', '2:3', '4:5', '5:4', '3:4', '4:3', '9:16', '9:21', 'custom',
] as const;

const enums: Record<string, CogEnumSchema> = {
  aspect_ratio: { enum: [...FLUX_LORA_ASPECT_RATIOS], type: 'string', title: 'aspect_ratio', description: 'An enumeration.' },
  model: { enum: ['dev', 'schnell'], type: 'string', title: 'model', description: 'An enumeration.' },
  output_format: { enum: ['webp', 'jpg', 'png'], type: 'string', title: 'output_format', description: 'An enumeration.' },
  megapixels: { enum: ['1', '0.25'], type: 'string', title: 'megapixels', description: 'An enumeration.' },
};

const input: CogInputSchema = {
  type: 'object',
  title: 'Input',
  required: ['prompt'],
  properties: {
    prompt: {
      type: 'string',
      title: 'Prompt',
      'x-order': 0,
      description:
        'Prompt for generated image. If you include the `trigger_word` used in the training process you are more likely to activate the trained object, style, or concept in the resulting image.',
    },
    image: {
      type: 'string',
      title: 'Image',
      format: 'uri',
      'x-order': 1,
      description:
        'Input image for image to image or inpainting mode. If provided, aspect_ratio, width, and height inputs are ignored.',
    },
    mask: {
      type: 'string',
      title: 'Mask',
      format: 'uri',
      'x-order': 2,
      description:
        'Image mask for image inpainting mode. If provided, aspect_ratio, width, and height inputs are ignored.',
    },
    aspect_ratio: {
      allOf: [{ $ref: '#/components/schemas/aspect_ratio' }],
      default: '1:1',
      'x-order': 3,
      description:
        'Aspect ratio for the generated image. If custom is selected, uses height and width below & will run in bf16 mode',
    },
    height: {
      type: 'integer',
      title: 'Height',
      minimum: 256,
      maximum: 1440,
      'x-order': 4,
      description:
        'Height of generated image. Only works if `aspect_ratio` is set to custom. Will be rounded to nearest multiple of 16. Incompatible with fast generation',
    },
    width: {
      type: 'integer',
      title: 'Width',
      minimum: 256,
      maximum: 1440,
      'x-order': 5,
      description:
        'Width of generated image. Only works if `aspect_ratio` is set to custom. Will be rounded to nearest multiple of 16. Incompatible with fast generation',
    },
    prompt_strength: {
      type: 'number',
      title: 'Prompt Strength',
      default: 0.8,
      minimum: 0,
      maximum: 1,
      'x-order': 6,
      description:
        'Prompt strength when using img2img. 1.0 corresponds to full destruction of information in image',
    },
    model: {
      allOf: [{ $ref: '#/components/schemas/model' }],
      default: 'dev',
      'x-order': 7,
      description:
        'Which model to run inference with. The dev model performs best with around 28 inference steps but the schnell model only needs 4 steps.',
    },
    num_outputs: {
      type: 'integer',
      title: 'Num Outputs',
      default: 1,
      minimum: 1,
      maximum: 4,
      'x-order': 8,
      description: 'Number of outputs to generate',
    },
    num_inference_steps: {
      type: 'integer',
      title: 'Num Inference Steps',
      default: 28,
      minimum: 1,
      maximum: 50,
      'x-order': 9,
      description:
        'Number of denoising steps. More steps can give more detailed images, but take longer.',
    },
    guidance_scale: {
      type: 'number',
      title: 'Guidance Scale',
      default: 3,
      minimum: 0,
      maximum: 10,
      'x-order': 10,
      description:
        'Guidance scale for the diffusion process. Lower values can give more realistic images. Good values to try are 2, 2.5, 3 and 3.5',
    },
    seed: {
      type: 'integer',
      title: 'Seed',
      'x-order': 11,
      description: 'Random seed. Set for reproducible generation',
    },
    output_format: {
      allOf: [{ $ref: '#/components/schemas/output_format' }],
      default: 'webp',
      'x-order': 12,
      description: 'Format of the output images',
    },
    output_quality: {
      type: 'integer',
      title: 'Output Quality',
      default: 80,
      minimum: 0,
      maximum: 100,
      'x-order': 13,
      description:
        'Quality when saving the output images, from 0 to 100. 100 is best quality, 0 is lowest quality. Not relevant for .png outputs',
    },
    disable_safety_checker: {
      type: 'boolean',
      title: 'Disable Safety Checker',
      default: false,
      'x-order': 14,
      description: 'Disable safety checker for generated images.',
    },
    go_fast: {
      type: 'boolean',
      title: 'Go Fast',
      default: false,
      'x-order': 15,
      description:
        'Run faster predictions with model optimized for speed (currently fp8 quantized); disable to run in original bf16',
    },
    megapixels: {
      allOf: [{ $ref: '#/components/schemas/megapixels' }],
      default: '1',
      'x-order': 16,
      description: 'Approximate number of megapixels for generated image',
    },
    replicate_weights: {
      type: 'string',
      title: 'Replicate Weights',
      'x-order': 17,
      description: LORA_SOURCE_HELP,
    },
    lora_scale: {
      type: 'number',
      title: 'Lora Scale',
      default: 1,
      minimum: -1,
      maximum: 3,
      'x-order': 18,
      description: 'Determines how strongly the main LoRA should be applied.' + LORA_SCALE_HELP_TAIL,
    },
    extra_lora: {
      type: 'string',
      title: 'Extra Lora',
      'x-order': 19,
      description: LORA_SOURCE_HELP,
    },
    extra_lora_scale: {
      type: 'number',
      title: 'Extra Lora Scale',
      default: 1,
      minimum: -1,
      maximum: 3,
      'x-order': 20,
      description: 'Determines how strongly the extra LoRA should be applied.' + LORA_SCALE_HELP_TAIL,
    },
  },
};

export function fluxLoraOpenApiSchema() {
  return cogOpenApiDocument(structuredClone(input), structuredClone(enums));
}
