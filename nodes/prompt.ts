// A prompt: the text a sampler generates from. LoRA trigger words are added by the sampler, not here.
import { textParam, type NodeDefinition } from '../src/engine';

export const promptNode: NodeDefinition = {
  type: 'prompt',
  title: 'Prompt',
  description: 'The text to generate from. Trigger words of the LoRAs feeding a sampler are put in front of it unless it already has them.',
  category: 'conditioning',
  inputs: [],
  outputs: [{ name: 'prompt', type: 'text', label: 'prompt' }],
  params: {
    text: textParam({
      label: 'Prompt',
      description:
        'Prompt for generated image. If you include the `trigger_word` used in the training process you are more likely to activate the trained object, style, or concept in the resulting image.',
      multiline: true,
      default: '',
      placeholder: 'a photo of…',
    }),
  },
  evaluate(ctx) {
    const text = ctx.params.text as string;
    if (text.trim() === '') ctx.diagnose({ severity: 'warning', code: 'prompt-empty', param: 'text', message: 'is empty: the model will draw from nothing but the LoRA triggers' });
    return { outputs: { prompt: { kind: 'text', text, origin: ctx.nodeId } } };
  },
};
