// Replicate's cloud through the official `replicate` client (1.4.0), minding its defects (see
// ../../../../../shared/reference/replicate.md): outputs are plain URLs (`useFileOutput: false`) that we
// download ourselves; inputs never go through its data-URI encoder (which would send the token as input);
// its naive retries are neutralised by our fetch (http/answer-once.ts); and instead of `run()`/`wait()`
// we create with `Prefer: wait` and poll ourselves, treating `aborted` as final and cancelling on abort.
import Replicate from 'replicate';
import { ProviderError, isAbortError } from '../errors';
import { answerOncePerRequest } from '../http/answer-once';
import { abortReason, backoffDelay, sleep as realSleep } from '../http/backoff';
import { openDownload } from '../http/download';
import { createRetryingFetch, type FetchLike, type RetryingFetchOptions } from '../http/retrying-fetch';
import { TransportError } from '../http/transport-error';
import { isFinalStatus, type FinishedPrediction, type ImageToSend, type PredictOptions, type Provider, type ProviderCall, type PredictionUpdate } from '../provider';
import { UploadRegistry, uploadScope } from '../../uploads/upload-registry';
import { isClientApiError, toProviderError } from './api-errors';
import { cancelUnconfirmed } from './cancel-unconfirmed';
import { nextPollDelay } from './poll-delay';
import { findLostPrediction, type PredictionLister } from './lost-create';
import { FileObjectSchema, PredictionSchema, errorText, finishedOutput, type PredictionJson } from './schemas';

export const DEFAULT_REPLICATE_BASE_URL = 'https://api.replicate.com/v1';
/** Replicate deletes a prediction's input, output files and logs one hour after it finishes. */
export const REPLICATE_DATA_LIFETIME_MS = 60 * 60_000;

export interface ReplicateProviderOptions {
  /** The API token. Hosts read it (REPLICATE_API_TOKEN, the OS keychain); providers never read the environment. */
  token: string;
  /** API root, default https://api.replicate.com/v1 (REPLICATE_BASE_URL in the hosts). */
  baseUrl?: string;
  /** Where uploads are remembered between runs (the cache folder); memory only without it. */
  cacheDir?: string;
  /** The network; tests may wrap it. */
  fetch?: FetchLike;
  /** Backoff and timeouts of every request (tests inject `sleep` so storms cost no time; polling keeps real time). */
  retry?: Omit<RetryingFetchOptions, 'fetch' | 'bufferBody'>;
  /** `Prefer: wait=N` on creates (1..60): short predictions come back finished in one request. */
  waitSeconds?: number;
  /** Between polls of a running prediction. */
  pollIntervalMs?: number;
  /** Largest output accepted. */
  maxDownloadBytes?: number;
  /** A whole download, from the request to the last byte. */
  downloadTimeoutMs?: number;
  /** How many times a create whose answer was lost (and whose prediction cannot be found) is sent again. */
  maxCreateAttempts?: number;
  userAgent?: string;
  now?: () => number;
}

/** Long enough for a fast model (schnell) to come back finished; short enough that a slow one shows progress soon. */
const DEFAULT_WAIT_SECONDS = 2;
const DEFAULT_POLL_INTERVAL_MS = 1000;
const DEFAULT_MAX_DOWNLOAD_BYTES = 200 * 1024 * 1024;
const DEFAULT_DOWNLOAD_TIMEOUT_MS = 10 * 60_000;
/** After a cancel, how many more polls before we stop waiting for Replicate to confirm it. */
export const POLLS_AFTER_CANCEL = 30;
/** A file without `expires_at` is trusted this long. */
const UNDATED_FILE_LIFETIME_MS = 60 * 60_000;

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' };

export class ReplicateProvider implements Provider {
  readonly kind = 'replicate' as const;
  readonly outputUrlLifetimeMs = REPLICATE_DATA_LIFETIME_MS;
  readonly baseUrl: string;
  /** The API and the account (a hash of the token), as uploads are scoped: see Provider.predictionScope. */
  readonly predictionScope: string;
  private readonly client: Replicate;
  private readonly token: string;
  private readonly downloadFetch: FetchLike;
  private readonly uploads: UploadRegistry;
  private readonly uploading = new Map<string, Promise<string>>();
  /** Predictions this provider has made or adopted: a lost create never adopts one of them. */
  private readonly claimed = new Set<string>();
  private readonly waitSeconds: number;
  private readonly pollIntervalMs: number;
  private readonly maxDownloadBytes: number;
  private readonly maxCreateAttempts: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(options: ReplicateProviderOptions) {
    if (!options.token) throw new ProviderError('auth', 'no Replicate token: set REPLICATE_API_TOKEN to your API token');
    this.token = options.token;
    this.baseUrl = (options.baseUrl ?? DEFAULT_REPLICATE_BASE_URL).replace(/\/+$/, '');
    this.now = options.now ?? options.retry?.now ?? Date.now;
    this.sleep = options.retry?.sleep ?? realSleep;
    this.random = options.retry?.random ?? Math.random;
    this.waitSeconds = Math.min(60, Math.max(1, Math.round(options.waitSeconds ?? DEFAULT_WAIT_SECONDS)));
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.maxDownloadBytes = options.maxDownloadBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES;
    this.maxCreateAttempts = options.maxCreateAttempts ?? 3;
    const network = options.fetch ?? globalThis.fetch;
    const apiFetch = createRetryingFetch({ ...options.retry, fetch: network });
    this.downloadFetch = createRetryingFetch({ ...options.retry, fetch: network, bufferBody: false, timeoutMs: options.downloadTimeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS });
    this.client = new Replicate({
      auth: options.token,
      baseUrl: this.baseUrl,
      fetch: answerOncePerRequest(apiFetch),
      useFileOutput: false,
      // Our inputs hold only strings, so nothing is encoded at all; "upload" keeps the client away from
      // its data-URI path for good.
      fileEncodingStrategy: 'upload',
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    });
    this.predictionScope = uploadScope(this.baseUrl, options.token);
    this.uploads = new UploadRegistry(this.predictionScope, {
      ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
      now: this.now,
    });
  }

  async createPrediction(call: ProviderCall, options: PredictOptions = {}): Promise<FinishedPrediction> {
    const { signal } = options;
    if (signal?.aborted) throw abortReason(signal);
    const created = await this.create(call, signal);
    return this.followToEnd(created, call, options, true);
  }

  /** Follows a prediction made earlier (the runner journaled its id) instead of creating one. */
  async resumePrediction(id: string, call: ProviderCall, options: PredictOptions = {}): Promise<FinishedPrediction> {
    const { signal } = options;
    if (signal?.aborted) throw abortReason(signal);
    let found: PredictionJson;
    try {
      found = parse(await this.client.predictions.get(id, signal ? { signal } : {}), 'the prediction');
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw toProviderError(error, this.context(`looking up the earlier prediction ${id}`));
    }
    return this.followToEnd(found, call, options, false);
  }

  private async followToEnd(prediction: PredictionJson, call: ProviderCall, options: PredictOptions, isNew: boolean): Promise<FinishedPrediction> {
    const { signal, onUpdate } = options;
    this.claimed.add(prediction.id);
    try {
      if (isNew) await options.onCreated?.(prediction.id);
      onUpdate?.(updateOf(prediction));
      const steps = call.input.num_inference_steps;
      return finished(await this.follow(prediction, signal, onUpdate, typeof steps === 'number' ? steps : undefined));
    } catch (error) {
      // We will not use this prediction any more: do not let it run on (and be billed) unseen. (After an
      // abort, follow() has already asked, and says so when Replicate did not confirm it.)
      if (!isAbortError(error) && !(error instanceof ProviderError && error.kind === 'cancel-unconfirmed')) {
        void this.client.predictions.cancel(prediction.id).catch(() => {});
      }
      throw error;
    }
  }

  async uploadImage(image: ImageToSend, signal?: AbortSignal): Promise<string> {
    const known = await this.uploads.lookup(image.sha256);
    if (known) return known;
    let pending = this.uploading.get(image.sha256);
    if (!pending) {
      pending = this.upload(image, signal).finally(() => this.uploading.delete(image.sha256));
      this.uploading.set(image.sha256, pending);
    }
    return pending;
  }

  async download(url: string, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
    // Output files live on another host (replicate.delivery) that needs no token; the token goes only
    // to the API itself (a files API download).
    const toApi = url.startsWith(`${this.baseUrl}/`);
    return openDownload(url, {
      fetch: this.downloadFetch,
      maxBytes: this.maxDownloadBytes,
      ...(signal ? { signal } : {}),
      ...(toApi ? { headers: { Authorization: `Bearer ${this.token}` } } : {}),
    });
  }

  /** Sends the create; a lost answer is looked for before the create is ever sent again. */
  private async create(call: ProviderCall, signal: AbortSignal | undefined): Promise<PredictionJson> {
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw abortReason(signal);
      const sentAt = this.now();
      try {
        // No abort signal on the create itself: an aborted create could leave a prediction running
        // that we have no id for, so we let the answer arrive and cancel it by id instead.
        return parse(await this.sendCreate(call), 'the created prediction');
      } catch (error) {
        if (!answerWasLost(error)) throw toProviderError(error, this.context('creating the prediction'));
        let found: PredictionJson | undefined;
        try {
          found = await findLostPrediction(this.lister(), call, sentAt, this.claimed);
        } catch (searchError) {
          // Not knowing whether the prediction exists is not the same as knowing it does not: sending the
          // create again could pay for the same image twice. Stop here, and say so.
          const lost = toProviderError(error, this.context('creating the prediction')).message;
          const search = toProviderError(searchError, this.context('looking for the prediction it may have made')).message;
          throw new ProviderError('lost-answer', `the answer to the prediction create was lost (${lost}) and Weft could not check whether the prediction was made (${search}), so it was not sent again: it may still be running on Replicate`, undefined, { cause: error });
        }
        if (found) return found;
        if (attempt >= this.maxCreateAttempts) {
          throw new ProviderError('lost-answer', `the answer to the prediction create was lost ${attempt} times (${toProviderError(error, this.context('creating the prediction')).message}) and no prediction made by it could be found`, undefined, { cause: error });
        }
        await this.sleep(backoffDelay(attempt, { baseDelayMs: 1000, maxDelayMs: 10_000, random: this.random }), signal);
      }
    }
  }

  private sendCreate(call: ProviderCall): Promise<unknown> {
    const body = { input: call.input, wait: this.waitSeconds };
    if (call.deployment) {
      const [owner, name] = call.deployment.split('/');
      if (!owner || !name) throw new ProviderError('invalid-input', `deployment "${call.deployment}" must be owner/name`);
      return this.client.deployments.predictions.create(owner, name, body);
    }
    return this.client.predictions.create({ version: call.version, ...body });
  }

  /**
   * Polls until the prediction is final. An abort cancels it and waits (a little) for the confirmation;
   * a cancel that is never confirmed throws (see cancel-unconfirmed.ts) rather than pretend it worked.
   */
  private async follow(prediction: PredictionJson, signal: AbortSignal | undefined, onUpdate: PredictOptions['onUpdate'], expectedSteps?: number): Promise<PredictionJson> {
    let current = prediction;
    let cancelSent = false;
    let cancelProblem: string | undefined;
    let pollsAfterCancel = 0;
    const pollState = { polls: 0, finishingPolls: 0 };
    while (!isFinalStatus(current.status)) {
      if (signal?.aborted && !cancelSent) {
        cancelSent = true;
        try {
          current = parse(await this.client.predictions.cancel(current.id), 'the canceled prediction');
          onUpdate?.(updateOf(current));
          continue;
        } catch (error) {
          // Keep polling: the prediction may still end (or the cancel may have gone through).
          cancelProblem = toProviderError(error, this.context('canceling the prediction')).message;
        }
      }
      if (cancelSent && ++pollsAfterCancel > POLLS_AFTER_CANCEL) throw cancelUnconfirmed(current, POLLS_AFTER_CANCEL, cancelProblem);
      // An abort wakes the wait early, so the cancel goes out at once. Sooner than the interval when the
      // logs say the prediction is about to finish (poll-delay.ts); the first poll goes out at once, as
      // the answer to a create whose wait ran out shows the prediction as it was created.
      const delay = cancelSent ? this.pollIntervalMs : pollState.polls++ === 0 ? 0 : nextPollDelay(current.logs ?? '', this.pollIntervalMs, pollState, expectedSteps);
      await realSleep(delay, cancelSent ? undefined : signal).catch(() => {});
      try {
        current = parse(await this.client.predictions.get(current.id), 'the prediction');
      } catch (error) {
        throw toProviderError(error, this.context('checking on the prediction'));
      }
      onUpdate?.(updateOf(current));
    }
    return current;
  }

  private async upload(image: ImageToSend, signal: AbortSignal | undefined): Promise<string> {
    const name = `${image.sha256.slice(0, 16)}.${EXTENSIONS[image.mediaType] ?? 'bin'}`;
    const file = new File([(await image.read()) as Uint8Array<ArrayBuffer>], name, { type: image.mediaType });
    let raw: unknown;
    try {
      raw = await this.client.files.create(file, { sha256: image.sha256 }, signal ? { signal } : {});
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw toProviderError(error, this.context('uploading an input image'));
    }
    const parsed = FileObjectSchema.safeParse(raw);
    if (!parsed.success) throw new ProviderError('protocol', `Replicate's answer to an upload is not a file object: ${parsed.error.issues[0]?.message ?? ''}`);
    const expires = parsed.data.expires_at ? Date.parse(parsed.data.expires_at) : Number.NaN;
    const expiresAt = Number.isNaN(expires) ? this.now() + UNDATED_FILE_LIFETIME_MS : expires;
    await this.uploads.remember(image.sha256, parsed.data.urls.get, expiresAt);
    return parsed.data.urls.get;
  }

  private lister(): PredictionLister {
    return {
      firstPage: (signal) => this.client.predictions.list(signal ? { signal } : {}),
      page: async (url, signal) => (await this.client.request(new URL(url), { method: 'GET', ...(signal ? { signal } : {}) })).json(),
      get: (id, signal) => this.client.predictions.get(id, signal ? { signal } : {}),
    };
  }

  private context(doing: string) {
    return { doing, baseUrl: this.baseUrl };
  }
}

/** A 5xx, a cut connection or a timeout after the create was sent: the prediction may exist. */
function answerWasLost(error: unknown): boolean {
  if (error instanceof TransportError) return !error.neverSent;
  return isClientApiError(error) && error.response.status >= 500;
}

function parse(raw: unknown, what: string): PredictionJson {
  const parsed = PredictionSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ProviderError('protocol', `Replicate's answer is not ${what}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unreadable'}`);
}

function updateOf(prediction: PredictionJson): PredictionUpdate {
  return { id: prediction.id, status: prediction.status, logs: prediction.logs ?? '' };
}

function finished(prediction: PredictionJson): FinishedPrediction {
  if (!isFinalStatus(prediction.status)) throw new ProviderError('protocol', `prediction ${prediction.id} is still ${prediction.status}`);
  return {
    id: prediction.id,
    status: prediction.status,
    ...finishedOutput(prediction.status === 'succeeded', prediction.output),
    logs: prediction.logs ?? '',
    error: errorText(prediction.error),
    metrics: {
      ...(prediction.metrics?.predict_time === undefined ? {} : { predictTime: prediction.metrics.predict_time }),
      ...(prediction.metrics?.total_time === undefined ? {} : { totalTime: prediction.metrics.total_time }),
    },
    ...(prediction.version ? { version: prediction.version } : {}),
    ...(prediction.created_at ? { createdAt: prediction.created_at } : {}),
    ...(prediction.completed_at ? { completedAt: prediction.completed_at } : {}),
    ...(prediction.data_removed ? { dataRemoved: true } : {}),
  };
}
