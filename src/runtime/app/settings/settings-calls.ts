// settings.get / settings.set. A change of cache folder or limit takes effect at the next call that
// uses the cache (the runtime resources reopen it).
import { z } from 'zod';
import { AppFailure, asAppFailure } from '../app-failure';
import type { AppContext } from '../app-context';
import type { SettingsPatch } from './settings-store';

export function settingsCalls(ctx: AppContext) {
  return {
    'settings.get': async (_request: object) => ctx.settings.get(),
    'settings.set': async (request: SettingsPatch) => {
      try {
        return await ctx.settings.set(request);
      } catch (error) {
        if (error instanceof z.ZodError) {
          const issue = error.issues[0];
          throw new AppFailure(`setting ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is invalid'}`.trim(), 'bad-request');
        }
        // A full or read-only disk is the machine's trouble, not a bug: answer it as one (code io).
        throw asAppFailure(error);
      }
    },
  };
}
