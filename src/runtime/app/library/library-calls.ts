// history.*, gallery.list and cache.*: what ran, what it made, and the disk it takes.
import { AppFailure, withStorageErrors } from '../app-failure';
import type { AppContext } from '../app-context';
import { detailView, galleryItems, summaryView } from './history-views';

export function libraryCalls(ctx: AppContext) {
  const cacheStats = async () => {
    const cache = await ctx.resources.cache();
    const stats = await cache.stats();
    return { calls: stats.calls, blobs: stats.blobs, bytes: stats.bytes, limitBytes: stats.limitBytes, folder: cache.layout.root };
  };

  return {
    'history.list': async (request: { limit: number }) => {
      const history = await ctx.resources.runHistory();
      return { runs: (await history.list({ limit: request.limit })).map(summaryView) };
    },

    'history.get': async (request: { id: string }) => {
      const history = await ctx.resources.runHistory();
      const run = await withStorageErrors(() => history.get(request.id));
      if (!run) throw new AppFailure(`there is no run ${request.id} in the history`, 'not-found');
      return detailView(run);
    },

    'gallery.list': async (request: { limit: number }) => ({ items: await galleryItems(await ctx.resources.runHistory(), request.limit) }),

    'cache.stats': async (_request: object) => cacheStats(),

    'cache.prune': async (request: { limitBytes?: number | undefined }) => {
      const cache = await ctx.resources.cache();
      await withStorageErrors(() => cache.prune(request.limitBytes === undefined ? {} : { limitBytes: request.limitBytes }));
      await ctx.images.sweepOrphans().catch((error: unknown) => ctx.log(`cannot sweep thumbnails: ${String(error)}`));
      return cacheStats();
    },
  };
}
