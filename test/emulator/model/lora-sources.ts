/**
 * Which strings `replicate_weights` / `extra_lora` accept: a port of cog-flux's weights.make_download_url.
 * Anything it cannot place fails the prediction at run time with cog-flux's own ValueError text.
 */

const GENERIC_FAILURE = `Failed to parse URL. Expected either:
* Replicate model in the format <owner>/<username> or <owner>/<username>/<version>
* HuggingFace URL in the format huggingface.co/<owner>/<model-name>[/<lora-weights-file.safetensors>]
* CivitAI URL in the format civitai.com/models/<id>[/<model-name>]
* Arbitrary .safetensors URLs from the Internet`;

const HUGGINGFACE_FAILURE =
  'Failed to parse HuggingFace URL. Expected huggingface.co/<owner>/<model-name>[/<lora-weights-file.safetensors>]';
const CIVITAI_FAILURE = 'Failed to parse CivitAI URL. Expected civitai.com/models/<id>[/<model-name>]';

const ACCEPTED: readonly RegExp[] = [
  /^data:/,
  /^(?:https?:\/\/)?huggingface\.co\/([^/]+)\/([^/]+)(?:\/([^/]+\.safetensors))?\/?$/,
  /^(?:https?:\/\/)?civitai\.com\/models\/(\d+)(?:\/[^/?]+)?\/?$/,
  /^((?:https?:\/\/)?civitai\.com\/api\/download\/models\/.*)$/,
  /^(https?:\/\/.*\.safetensors(\?.*)?)$/,
  /^(?:https?:\/\/replicate.com\/)?([^/]+)\/([^/]+)\/?$/,
  /^(?:https?:\/\/replicate.com\/)?([^/]+)\/([^/]+)\/(?:versions\/)?([^/]+)\/?$/,
  /^(https?:\/\/replicate.delivery\/.*\.tar)$/,
];

/** Returns undefined when cog-flux would accept the source, or the error it would raise. */
export function loraSourceError(source: string): string | undefined {
  // Python's re.match anchors at the start only, but every pattern here ends in `$` anyway.
  if (ACCEPTED.some((pattern) => pattern.test(source))) return undefined;
  if (source.includes('huggingface.co')) return HUGGINGFACE_FAILURE;
  if (source.includes('civitai.com')) return CIVITAI_FAILURE;
  return GENERIC_FAILURE;
}
