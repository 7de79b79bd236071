// A model running in a local Cog container (`docker run -p 5000:5000 r8.im/...`): the same FLUX models
// on the user's own GPU. Cog answers `POST /predictions` synchronously with outputs as data URIs, runs
// one prediction at a time (409 when busy: we queue here, and wait out a busy container), and reads
// images from data URIs, so nothing is uploaded anywhere.
import { randomUUID } from 'node:crypto';
import { ProviderError, isAbortError } from '../errors';
import { abortReason, sleep as realSleep } from '../http/backoff';
import { decodeDataUri, encodeDataUri, openDownload } from '../http/download';
import { createRetryingFetch, type FetchLike } from '../http/retrying-fetch';
import { TransportError } from '../http/transport-error';
import type { FinishedPrediction, ImageToSend, PredictOptions, Provider, ProviderCall } from '../provider';
import { errorText, finishedOutput } from '../replicate/schemas';
import { CogHealthSchema, CogPredictionSchema, CogValidationErrorSchema, type CogHealthStatus } from './schemas';

export interface CogProviderOptions {
  /** e.g. http://localhost:5000 */
  url: string;
  fetch?: FetchLike;
  /** Between tries while the container answers 409 (busy with someone else's prediction). */
  busyRetryMs?: number;
  /** How long to wait for a busy container before giving up. */
  maxBusyWaitMs?: number;
  /** One prediction, start to finish (FLUX on a local GPU can take minutes). */
  predictionTimeoutMs?: number;
  maxDownloadBytes?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

const HEALTH_TIMEOUT_MS = 10_000;

export interface CogHealth {
  status: CogHealthStatus;
  /** True when it can take a prediction now or soon (READY, BUSY, STARTING). */
  usable: boolean;
  /** Setup logs when setup failed. */
  setupLogs?: string;
}

export class CogProvider implements Provider {
  readonly kind = 'cog' as const;
  readonly url: string;
  private readonly fetch: FetchLike;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private readonly busyRetryMs: number;
  private readonly maxBusyWaitMs: number;
  private readonly maxDownloadBytes: number;
  /** Cog runs one prediction at a time: ours wait their turn here rather than collecting 409s. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: CogProviderOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
    this.busyRetryMs = options.busyRetryMs ?? 1000;
    this.maxBusyWaitMs = options.maxBusyWaitMs ?? 30 * 60_000;
    this.maxDownloadBytes = options.maxDownloadBytes ?? 200 * 1024 * 1024;
    this.fetch = createRetryingFetch({
      fetch: options.fetch ?? globalThis.fetch,
      maxAttempts: 3,
      timeoutMs: options.predictionTimeoutMs ?? 30 * 60_000,
      sleep: this.sleep,
    });
  }

  async health(signal?: AbortSignal): Promise<CogHealth> {
    // Predictions may take many minutes; a health check that does not answer in seconds is a problem.
    const deadline = AbortSignal.timeout(HEALTH_TIMEOUT_MS);
    let response: Response;
    try {
      response = await this.request('/health-check', { method: 'GET', signal: signal ? AbortSignal.any([signal, deadline]) : deadline }, 'checking its health');
    } catch (error) {
      if (deadline.aborted && !signal?.aborted) throw new ProviderError('unreachable', `the Cog container at ${this.url} did not answer /health-check within ${HEALTH_TIMEOUT_MS / 1000} s`, undefined, { cause: error });
      throw error;
    }
    const parsed = CogHealthSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new ProviderError('protocol', `${this.url}/health-check did not answer like a Cog container`);
    const { status, setup } = parsed.data;
    return {
      status,
      usable: status === 'READY' || status === 'BUSY' || status === 'STARTING',
      ...(setup?.logs ? { setupLogs: setup.logs } : {}),
    };
  }

  createPrediction(call: ProviderCall, options: PredictOptions = {}): Promise<FinishedPrediction> {
    const turn = this.queue.then(() => this.predict(call, options));
    this.queue = turn.catch(() => {});
    return turn;
  }

  async uploadImage(image: ImageToSend): Promise<string> {
    return encodeDataUri(await image.read(), image.mediaType);
  }

  async download(url: string, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
    if (url.startsWith('data:')) {
      const bytes = decodeDataUri(url);
      if (!bytes) throw new ProviderError('download', 'the Cog container answered an output that is not a valid data URI');
      if (bytes.length > this.maxDownloadBytes) throw new ProviderError('download', `an output is larger than ${Math.round(this.maxDownloadBytes / 1e6)} MB: refused`);
      return (async function* () {
        yield bytes;
      })();
    }
    return openDownload(url, { fetch: this.fetch, maxBytes: this.maxDownloadBytes, ...(signal ? { signal } : {}) });
  }

  private async predict(call: ProviderCall, { signal, onUpdate }: PredictOptions): Promise<FinishedPrediction> {
    // Cog's synchronous predictions have no id of their own; this one names it in history and the cache.
    const id = `cog-${randomUUID()}`;
    const startedWaiting = this.now();
    for (;;) {
      if (signal?.aborted) return canceled(id);
      onUpdate?.({ id, status: 'processing', logs: '' });
      let response: Response;
      try {
        response = await this.request('/predictions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ input: call.input }), ...(signal ? { signal } : {}) }, 'running the prediction');
      } catch (error) {
        // Closing the request is how a synchronous Cog prediction is given up on.
        if (isAbortError(error) && signal?.aborted) return canceled(id);
        throw error;
      }
      if (response.status === 409) {
        if (this.now() - startedWaiting > this.maxBusyWaitMs) {
          throw new ProviderError('busy', `the Cog container at ${this.url} stayed busy with another prediction for ${Math.round(this.maxBusyWaitMs / 60_000)} min`);
        }
        await this.sleep(this.busyRetryMs, signal).catch(() => {});
        continue;
      }
      return this.finish(id, response);
    }
  }

  private async finish(id: string, response: Response): Promise<FinishedPrediction> {
    const body: unknown = await response.json().catch(() => undefined);
    if (response.status === 422) {
      const parsed = CogValidationErrorSchema.safeParse(body);
      const fields = parsed.success ? parsed.data.detail.map((d) => `${(d.loc ?? []).join('.')}: ${d.msg ?? 'invalid'}`) : [];
      throw new ProviderError('invalid-input', `the Cog container refused the input: ${fields.join('; ') || 'validation failed'}`, 422);
    }
    const parsed = CogPredictionSchema.safeParse(body);
    if (!parsed.success) {
      throw new ProviderError(response.ok ? 'protocol' : 'server', `the Cog container answered HTTP ${response.status} without a prediction`, response.status);
    }
    const prediction = parsed.data;
    const status = prediction.status === 'succeeded' || prediction.status === 'failed' || prediction.status === 'canceled' ? prediction.status : 'failed';
    return {
      id,
      status,
      ...finishedOutput(status === 'succeeded', prediction.output),
      logs: prediction.logs ?? '',
      error: errorText(prediction.error) ?? (status === 'failed' && prediction.status !== 'failed' ? `the Cog container answered a prediction still ${prediction.status}` : null),
      metrics: prediction.metrics?.predict_time === undefined ? {} : { predictTime: prediction.metrics.predict_time },
      ...(prediction.created_at ? { createdAt: prediction.created_at } : {}),
      ...(prediction.completed_at ? { completedAt: prediction.completed_at } : {}),
    };
  }

  private async request(path: string, init: RequestInit, doing: string): Promise<Response> {
    try {
      return await this.fetch(`${this.url}${path}`, init);
    } catch (error) {
      if (init.signal?.aborted) throw abortReason(init.signal);
      if (error instanceof TransportError) {
        const kind = error.neverSent ? 'unreachable' : error.failure === 'timeout' ? 'timeout' : 'server';
        throw new ProviderError(kind, `cannot reach the Cog container at ${this.url} while ${doing} (${error.message.replace(/^\S+ \S+: /, '')}): is it running?`, undefined, { cause: error });
      }
      throw error;
    }
  }
}

function canceled(id: string): FinishedPrediction {
  return { id, status: 'canceled', output: [], logs: '', error: null, metrics: {} };
}
