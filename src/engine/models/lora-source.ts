// Which LoRA sources the FLUX LoRA model can load. Anything else fails at run time with "Failed to parse
// URL" after the user has paid for the start-up, so Weft says so before running.

export type LoraSourceKind = 'replicate' | 'huggingface' | 'civitai' | 'safetensors' | 'replicate-tar';

const NAME = '[A-Za-z0-9][A-Za-z0-9_.-]*';
/** Replicate account names have no dots, which keeps `huggingface.co/x` from passing as `owner/name`. */
const OWNER = '[A-Za-z0-9][A-Za-z0-9_-]*';
const REPLICATE = new RegExp(`^(?:https://replicate\\.com/)?${OWNER}/${NAME}(?:/[0-9a-f]{64})?/?$`);
const HUGGING_FACE = new RegExp(`^(?:https://)?(?:www\\.)?huggingface\\.co/${NAME}/${NAME}(?:/.+\\.safetensors)?/?$`);
const CIVITAI = /^(?:https:\/\/)?(?:www\.)?civitai\.com\/models\/\d+(?:\/[^\s/?#]+)?\/?$/;
const SAFETENSORS = /^https:\/\/[^\s/?#]+\/[^\s?#]*\.safetensors(?:\?[^\s#]*)?$/;
const DELIVERY_TAR = /^https:\/\/(?:[a-z0-9-]+\.)?replicate\.delivery\/[^\s?#]+\.tar$/;

export function classifyLoraSource(source: string): { kind: LoraSourceKind } | { error: string } {
  const text = source.trim();
  if (text === '') return { error: 'is empty: give a Replicate model (owner/name), a Hugging Face repo, a CivitAI model or a .safetensors URL' };
  if (DELIVERY_TAR.test(text)) return { kind: 'replicate-tar' };
  if (SAFETENSORS.test(text)) return { kind: 'safetensors' };
  if (HUGGING_FACE.test(text)) return { kind: 'huggingface' };
  if (CIVITAI.test(text)) return { kind: 'civitai' };
  if (REPLICATE.test(text)) return { kind: 'replicate' };
  return {
    error:
      'is not a source the model can load (it would fail with "Failed to parse URL"): use owner/name, owner/name/version, huggingface.co/owner/repo, civitai.com/models/<id> or an https URL ending in .safetensors',
  };
}
