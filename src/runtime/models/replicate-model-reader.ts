// Reading models and versions from Replicate's API (GET /models/{o}/{n}, GET /models/{o}/{n}/versions/{id})
// through the official client, with our own retrying fetch under it as the provider has (backoff that
// honours Retry-After, one answer per client request). Answers are returned as received: describe-model.ts
// parses them. Failures are ProviderErrors worded for the user, as in a run.
import Replicate from 'replicate';
import { answerOncePerRequest } from '../providers/http/answer-once';
import { createRetryingFetch, type FetchLike, type RetryingFetchOptions } from '../providers/http/retrying-fetch';
import { toProviderError } from '../providers/replicate/api-errors';
import { DEFAULT_REPLICATE_BASE_URL } from '../providers/replicate/replicate-provider';
import { ProviderError } from '../providers/errors';

export interface ModelReader {
  /** The model, with its latest version. */
  model(owner: string, name: string, signal?: AbortSignal): Promise<unknown>;
  /** One version, with its `openapi_schema`. */
  version(owner: string, name: string, id: string, signal?: AbortSignal): Promise<unknown>;
}

export interface ReplicateModelReaderOptions {
  /** The API token; hosts read it (REPLICATE_API_TOKEN, the OS keychain). */
  token: string;
  /** API root, default https://api.replicate.com/v1. */
  baseUrl?: string;
  fetch?: FetchLike;
  retry?: Omit<RetryingFetchOptions, 'fetch' | 'bufferBody'>;
}

export function replicateModelReader(options: ReplicateModelReaderOptions): ModelReader {
  if (!options.token) throw new ProviderError('auth', 'no Replicate token: set REPLICATE_API_TOKEN to your API token');
  const baseUrl = (options.baseUrl ?? DEFAULT_REPLICATE_BASE_URL).replace(/\/+$/, '');
  const client = new Replicate({
    auth: options.token,
    baseUrl,
    fetch: answerOncePerRequest(createRetryingFetch({ ...options.retry, fetch: options.fetch ?? globalThis.fetch })),
    useFileOutput: false,
  });
  const reading = async (what: string, request: () => Promise<unknown>) => {
    try {
      return await request();
    } catch (error) {
      throw toProviderError(error, { doing: `reading ${what}`, baseUrl });
    }
  };
  return {
    model: (owner, name, signal) => reading(`the model ${owner}/${name}`, () => client.models.get(owner, name, signal ? { signal } : {})),
    version: (owner, name, id, signal) => reading(`version ${id.slice(0, 12)}… of ${owner}/${name}`, () => client.models.versions.get(owner, name, id, signal ? { signal } : {})),
  };
}
