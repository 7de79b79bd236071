// An inpainting mask: white is repainted, black is kept. Painted in the editor over the image wired into
// it (saved as a lossless asset) or read from a file.
import { booleanParam, imageSourceFromParams, resolveImageSource, sizeOf, textParam, type ImageValue, type NodeDefinition } from '../src/engine';

export const maskNode: NodeDefinition = {
  type: 'mask',
  title: 'Mask',
  description: 'An inpainting mask: white areas are repainted, black areas kept. Paint it over the image wired in, or use a file.',
  category: 'input',
  widget: 'mask-painter',
  inputs: [{ name: 'image', type: 'image', label: 'image to paint over', optional: true, description: 'The image the mask is painted over (shown under the brush).' }],
  outputs: [{ name: 'mask', type: 'mask', label: 'mask' }],
  params: {
    path: textParam({ label: 'File', description: 'A mask image file: an absolute path, or one relative to the workflow file.', optional: true, widget: 'path' }),
    asset: textParam({ label: 'Painted mask', description: "The sha256 of the mask stored in the workflow's assets (the painter writes it).", optional: true, widget: 'asset' }),
    invert: booleanParam({ label: 'Invert', description: 'Swap black and white: repaint what the mask keeps and keep what it repaints.', default: false }),
  },
  evaluate(ctx) {
    const source = imageSourceFromParams(ctx, ['path', 'asset']);
    if (!source) return {};
    const resolved = resolveImageSource(ctx, source, source.kind === 'file' ? 'path' : 'asset');
    if (!resolved) return {};
    const paintedOver = ctx.inputs.image?.[0] as ImageValue | undefined;
    let { ref, size } = resolved;
    if (ctx.params.invert === true) {
      if ('blob' in ref) {
        const inverted = ctx.env.invertedMask?.(ref.blob);
        if (inverted && 'error' in inverted) {
          ctx.diagnose({ severity: 'error', code: 'mask-invert', param: 'invert', message: inverted.error });
          return {};
        }
        ref = inverted ? { blob: inverted.sha256 } : { pending: source, invert: true };
        if (inverted) size = sizeOf(inverted).size ?? size;
      } else ref = { ...ref, invert: true };
    }
    return { outputs: { mask: { kind: 'mask', origin: ctx.nodeId, ref, ...(size ? { size } : {}), ...(paintedOver ? { paintedOver } : {}) } } };
  },
};
