// images.import and images.save.
import { AppFailure, withStorageErrors } from '../app-failure';
import type { AppContext } from '../app-context';
import { pathFromUser } from '../user-paths';
import { exportImage, suggestedImageName } from './image-export';
import { importImage, type ImportRequest } from './image-import';

type SaveTarget = { kind: 'dialog'; suggestedName: string } | { kind: 'path'; path: string };

export function imageCalls(ctx: AppContext) {
  return {
    'images.import': async (request: ImportRequest) => {
      const cache = await ctx.resources.cache();
      return withStorageErrors(() => importImage(request, { blobs: cache.blobs, fetch: ctx.fetch, chooseFile: ctx.hooks.chooseImageToImport?.bind(ctx.hooks) }));
    },

    'images.save': async (request: { sha256: string; target: SaveTarget }): Promise<{ savedTo: string } | { canceled: true }> => {
      const cache = await ctx.resources.cache();
      const info = await cache.blobs.info(request.sha256);
      if (!info) throw new AppFailure('this image is no longer in the cache (it may have been evicted): run the workflow again to remake it', 'not-found');
      let path: string | undefined;
      if (request.target.kind === 'dialog') {
        if (!ctx.hooks.chooseImageSavePath) throw new AppFailure('this host has no file dialog: type the path to save the image to', 'bad-request');
        path = await ctx.hooks.chooseImageSavePath(suggestedImageName(request.target.suggestedName, info.mediaType));
        if (!path) return { canceled: true };
      } else {
        path = pathFromUser(request.target.path, ctx.hooks.acceptsPathsFromRenderer, 'Save Image');
      }
      const target = path;
      return { savedTo: await withStorageErrors(() => exportImage(cache.blobs, request.sha256, target)) };
    },
  };
}
