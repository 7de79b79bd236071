// token.*: the Replicate API token is set (tested against the API first), tested, cleared, and its
// status read, but never read back: no call answers it, and this file never logs or stores it itself
// (the host's TokenStore decides where it lives: the OS keychain, memory, the environment).
import type { AppContext } from '../app-context';
import { checkToken, type TokenCheck } from './token-check';

export function tokenCalls(ctx: AppContext) {
  const store = ctx.hooks.tokenStore;
  const status = async () => {
    const configured = (await store.get()) !== undefined;
    const warning = store.warning();
    return { configured, storage: configured ? store.storage() : ('none' as const), ...(warning ? { warning } : {}) };
  };
  const check = async (token: string): Promise<TokenCheck> => checkToken(token, (await ctx.settings.get()).apiBaseUrl, ctx.fetch);

  return {
    'token.status': async (_request: object) => status(),

    'token.set': async (request: { token: string }): Promise<TokenCheck> => {
      const token = request.token.trim();
      const result = await check(token);
      // A token the API refuses is never stored: the user sees why and can paste it again.
      if (result.ok) await store.set(token);
      return result;
    },

    'token.test': async (_request: object): Promise<TokenCheck> => {
      const token = await store.get();
      if (!token) return { ok: false, error: 'no API token is set' };
      return check(token);
    },

    'token.clear': async (_request: object) => {
      await store.clear();
      return status();
    },
  };
}
