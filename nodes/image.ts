// An input image: a file, an https URL or an asset embedded in the workflow, named in a Plan by the
// sha256 of its bytes.
import { imageSourceFromParams, resolveImageSource, textParam, type NodeDefinition } from '../src/engine';

export const imageNode: NodeDefinition = {
  type: 'image',
  title: 'Image',
  description: 'An input image for img2img, inpainting or an inversion edit: a file, an https URL, or an image embedded in the workflow.',
  category: 'input',
  widget: 'image-source',
  inputs: [],
  outputs: [{ name: 'image', type: 'image', label: 'image' }],
  params: {
    path: textParam({ label: 'File', description: 'An image file: an absolute path, or one relative to the workflow file.', optional: true, widget: 'path' }),
    url: textParam({ label: 'URL', description: 'An https:// URL of an image. Weft downloads it once and keeps its bytes.', optional: true, widget: 'url' }),
    asset: textParam({ label: 'Embedded image', description: "The sha256 of an image stored in the workflow's assets.", optional: true, widget: 'asset' }),
  },
  evaluate(ctx) {
    const source = imageSourceFromParams(ctx, ['path', 'url', 'asset']);
    if (!source) return {};
    const resolved = resolveImageSource(ctx, source, source.kind === 'file' ? 'path' : source.kind);
    if (!resolved) return {};
    return { outputs: { image: { kind: 'image', origin: ctx.nodeId, ...resolved } } };
  },
};
