// app.info (what the renderer needs to know about its host) and window.setDirty (what the host needs to
// know about the renderer's unsaved work).
import type { AppContext } from './app-context';

export function appInfoCalls(ctx: AppContext) {
  return {
    'app.info': async (_request: object) => ({
      version: ctx.options.appVersion,
      host: ctx.options.host,
      platform: ctx.options.platform,
      imageBase: ctx.options.imageBase,
    }),
    'window.setDirty': async (request: { dirty: boolean; names: string[] }) => {
      ctx.hooks.setDirty?.({ dirty: request.dirty, names: request.names });
      return {};
    },
  };
}
