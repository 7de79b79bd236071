// The provider of a run whose every call is expected to be a cache hit and which has no token: a cached
// run needs no Replicate account at all, and a call that does need one fails with `message`.
import { ProviderError } from './errors';
import type { Provider } from './provider';

export function missingTokenProvider(message: string): Provider {
  const refuse = async (): Promise<never> => {
    throw new ProviderError('auth', message);
  };
  return { kind: 'replicate', createPrediction: refuse, uploadImage: refuse, download: refuse };
}
