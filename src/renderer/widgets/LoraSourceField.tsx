// Where LoRA weights come from. It says at once what it recognises (Replicate, Hugging Face, CivitAI, a
// .safetensors URL), and flags anything else: the model would fail on it only after start-up was paid.
import { classifyLoraSource, type LoraSourceKind, type ParamSpec, type TextParam } from '../../engine';
import type { FieldProps } from './field-types';
import { TextField } from './TextField';

const KIND_LABELS: Record<LoraSourceKind, string> = {
  replicate: 'Replicate model',
  huggingface: 'Hugging Face',
  civitai: 'CivitAI',
  safetensors: '.safetensors URL',
  'replicate-tar': 'Replicate training output',
};

export function LoraSourceField(props: FieldProps<TextParam & ParamSpec>) {
  const text = typeof props.value === 'string' ? props.value : '';
  const verdict = text.trim() === '' ? undefined : classifyLoraSource(text);
  return (
    <div className="lora-source">
      <TextField {...props} invalid={props.invalid || (verdict !== undefined && 'error' in verdict)} />
      {verdict && 'kind' in verdict && (
        <span className="source-kind ok" data-testid={`${props.id}-kind`}>
          ✓ {KIND_LABELS[verdict.kind]}
        </span>
      )}
      {verdict && 'error' in verdict && (
        <span className="source-kind bad" data-testid={`${props.id}-kind`}>
          ✗ not a source the model can load
        </span>
      )}
    </div>
  );
}
