// An output: where a run writes the images that reach it (besides the cache, which keeps everything).
import { textParam, type ImageValue, type ImagesValue, type NodeDefinition, type OutputSink } from '../src/engine';

const SAFE_PREFIX = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;

export const outputNode: NodeDefinition = {
  type: 'output',
  title: 'Output',
  description: 'Saves the images wired in to a folder after each run, named <prefix>-<node>-<n>.<format>.',
  category: 'output',
  inputs: [{ name: 'images', type: 'images', label: 'images', multiple: true, accepts: ['image'] }],
  outputs: [],
  params: {
    folder: textParam({
      label: 'Folder',
      description: "Where to write the images: an absolute path, or one relative to the workflow file. Unset: only the run's --out folder and the gallery.",
      optional: true,
      widget: 'folder',
    }),
    prefix: textParam({ label: 'File prefix', description: 'The start of each file name.', default: 'weft' }),
  },
  evaluate(ctx) {
    const prefix = ctx.params.prefix as string;
    if (!SAFE_PREFIX.test(prefix)) {
      ctx.diagnose({ severity: 'error', code: 'prefix-invalid', param: 'prefix', message: 'must be 1 to 64 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit' });
      return {};
    }
    const sources: OutputSink['sources'] = [];
    for (const value of (ctx.inputs.images ?? []) as (ImagesValue | ImageValue)[]) {
      if (value.kind === 'images') sources.push({ node: value.origin });
      else if ('output' in value.ref) sources.push({ node: value.ref.output.node, index: value.ref.output.index });
      else ctx.diagnose({ severity: 'warning', code: 'output-input-image', port: 'images', message: `node ${value.origin} is an input image, not a result: it is not written out` });
    }
    const folder = (ctx.params.folder as string | undefined)?.trim();
    return { sink: { node: ctx.nodeId, prefix, sources, ...(folder ? { folder } : {}) } };
  },
};
