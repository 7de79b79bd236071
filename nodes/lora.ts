// A LoRA: weights that steer FLUX toward a style or subject. Chained LoRAs stack, upstream first; the
// FLUX LoRA model has two slots (main and extra).
import { classifyLoraSource, numberParam, textParam, type LoraValue, type NodeDefinition } from '../src/engine';

const SOURCE_HELP =
  "Load LoRA weights. Supports Replicate models in the format <owner>/<username> or <owner>/<username>/<version>, HuggingFace URLs in the format huggingface.co/<owner>/<model-name>, CivitAI URLs in the format civitai.com/models/<id>[/<model-name>], or arbitrary .safetensors URLs from the Internet. For example, 'fofr/flux-pixar-cars'";

export const loraNode: NodeDefinition = {
  type: 'lora',
  title: 'LoRA',
  description: 'LoRA weights for the FLUX LoRA model. Chain two to fill the main and extra slots; the first in the chain is the main one.',
  category: 'conditioning',
  inputs: [{ name: 'lora', type: 'lora', label: 'LoRA below', optional: true, description: 'An upstream LoRA: it takes the main slot and this one the extra slot.' }],
  outputs: [{ name: 'lora', type: 'lora', label: 'LoRA' }],
  params: {
    source: textParam({ label: 'Source', description: SOURCE_HELP, widget: 'lora-source', placeholder: 'owner/name or huggingface.co/owner/repo' }),
    scale: numberParam({
      label: 'Scale',
      description:
        "Determines how strongly the LoRA should be applied. Sane results between 0 and 1 for base inference. For go_fast the model applies a 1.5x multiplier to the main LoRA's scale.",
      min: -1,
      max: 3,
      step: 0.05,
      default: 1,
    }),
    trigger: textParam({
      label: 'Trigger word',
      description: 'The word the LoRA was trained on. It is put in front of the prompt unless the prompt already contains it.',
      optional: true,
      placeholder: 'TOK',
    }),
  },
  evaluate(ctx) {
    const source = ctx.params.source as string;
    const kind = classifyLoraSource(source);
    if ('error' in kind) {
      ctx.diagnose({ severity: 'error', code: 'lora-source', param: 'source', message: kind.error });
      return {};
    }
    const upstream = ctx.inputs.lora?.[0] as LoraValue | undefined;
    const trigger = (ctx.params.trigger as string | undefined)?.trim();
    const layer = { node: ctx.nodeId, source: source.trim(), scale: ctx.params.scale as number, ...(trigger ? { trigger } : {}) };
    return { outputs: { lora: { kind: 'lora', stack: [...(upstream?.stack ?? []), layer] } } };
  },
};
