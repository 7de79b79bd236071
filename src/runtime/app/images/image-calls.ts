// images.import and images.save.
import { withStorageErrors } from '../app-failure';
import type { AppContext } from '../app-context';
import { RunProvenanceStore } from '../../provenance';
import { importImage, type ImportRequest } from './image-import';
import { saveImage, type SaveRequest, type SaveResult } from './image-save';

export function imageCalls(ctx: AppContext) {
  // Where each run's workflow was kept when it started (see RunProvenanceStore): the provenance of saved images.
  const runs = new RunProvenanceStore(ctx.options.dataDir);
  return {
    'images.import': async (request: ImportRequest) => {
      const cache = await ctx.resources.cache();
      return withStorageErrors(() => importImage(request, { blobs: cache.blobs, fetch: ctx.fetch, chooseFile: ctx.hooks.chooseImageToImport?.bind(ctx.hooks) }));
    },

    'images.save': async (request: SaveRequest): Promise<SaveResult> => saveImage(ctx, runs, request),
  };
}
