// The provider a run uses, from the user's settings: Replicate's API (or the emulator, or any API root
// the user set) with their token, or a local Cog container. Made per run, so a token or a setting
// changed between runs is picked up without restarting.
import { CogProvider } from '../../providers/cog/cog-provider';
import { ProviderError } from '../../providers/errors';
import type { Provider } from '../../providers/provider';
import { ReplicateProvider } from '../../providers/replicate/replicate-provider';
import type { Settings } from '../settings/settings-store';

const EDITOR_WAIT_SECONDS = 1;
export const NO_TOKEN_MESSAGE = 'no Replicate API token is set: add it in Settings';

export function providerForSettings(settings: Settings, token: string | undefined, fetchImpl: typeof fetch): Provider {
  if (settings.provider.kind === 'cog') return new CogProvider({ url: settings.provider.url, fetch: fetchImpl });
  if (!token) return new MissingTokenProvider();
  // A short `Prefer: wait`: the editor shows "running" (and honours a cancel) within a second, instead
  // of after the create request has held the line for the provider's default five.
  return new ReplicateProvider({ token, baseUrl: settings.apiBaseUrl, cacheDir: settings.cacheDir, fetch: fetchImpl, waitSeconds: EDITOR_WAIT_SECONDS });
}

/** Lets a run whose calls are all cached go through without a token; any real call fails, clearly. */
class MissingTokenProvider implements Provider {
  readonly kind = 'replicate' as const;

  async createPrediction(): Promise<never> {
    throw new ProviderError('auth', NO_TOKEN_MESSAGE);
  }

  async uploadImage(): Promise<never> {
    throw new ProviderError('auth', NO_TOKEN_MESSAGE);
  }

  async download(): Promise<never> {
    throw new ProviderError('auth', NO_TOKEN_MESSAGE);
  }
}
