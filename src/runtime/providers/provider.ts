// What the runner needs from whoever runs a model: Replicate's cloud (or a deployment there) or a local
// Cog container. A provider turns one call, its images already turned into URLs it accepts, into a
// finished prediction, and moves image bytes in (uploads) and out (downloads).

export type PredictionStatus = 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled' | 'aborted';
export type FinalStatus = Extract<PredictionStatus, 'succeeded' | 'failed' | 'canceled' | 'aborted'>;

export const FINAL_STATUSES: ReadonlySet<PredictionStatus> = new Set<PredictionStatus>(['succeeded', 'failed', 'canceled', 'aborted']);

export function isFinalStatus(status: PredictionStatus): status is FinalStatus {
  return FINAL_STATUSES.has(status);
}

export interface ProviderCall {
  /** The workflow node, for messages. */
  node: string;
  /** `owner/name`. */
  model: string;
  /** The pinned 64-hex version id. */
  version: string;
  /** Exactly what the model receives: every image is already a URL (or a data URI) here. */
  input: Record<string, unknown>;
  /** `owner/name` of the user's Replicate deployment to run on instead of the public version. */
  deployment?: string;
}

/** A prediction while it runs, as often as the provider learns something new. */
export interface PredictionUpdate {
  id: string;
  status: PredictionStatus;
  /** The whole log so far (it only grows). */
  logs: string;
}

export interface PredictionMetrics {
  /** Seconds of GPU time billed. */
  predictTime?: number;
  /** Seconds from creation to completion, queueing included. */
  totalTime?: number;
}

export interface FinishedPrediction {
  id: string;
  status: FinalStatus;
  /** Output file URLs (Replicate's delivery URLs, or data URIs from Cog), in output order. */
  output: string[];
  /** Set when a succeeded model returned no files but something else (text, an object...): what it was. */
  unusableOutput?: string;
  logs: string;
  /** The model's own message when it failed. */
  error: string | null;
  metrics: PredictionMetrics;
  /** The version that actually ran, when the provider says (a deployment may name it). */
  version?: string;
  createdAt?: string;
  completedAt?: string;
  /** The provider deleted its input, output and logs (Replicate does, an hour after it finished). */
  dataRemoved?: boolean;
}

export interface PredictOptions {
  /** Aborting cancels the prediction (and the request waiting for it). */
  signal?: AbortSignal;
  onUpdate?: (update: PredictionUpdate) => void;
  /**
   * Called with the id the moment the prediction exists (its create answer arrived, or a lost create's
   * prediction was found), and awaited before it is followed: the runner journals the id from here, so a
   * process that dies from now on leaves enough behind for the next run to adopt the prediction
   * instead of paying for it again.
   */
  onCreated?: (id: string) => Promise<void>;
}

export interface ImageToSend {
  sha256: string;
  mediaType: string;
  /** The bytes, read only when they must actually be sent (an earlier upload may be reused). */
  read(): Promise<Uint8Array>;
}

export interface Provider {
  readonly kind: 'replicate' | 'cog';
  /**
   * Runs one prediction to its end. A model failure, a cancel or an abort is a normal answer (see
   * `status`); a problem with the API itself (refused token, invalid input, unreachable...) throws a
   * ProviderError.
   */
  createPrediction(call: ProviderCall, options?: PredictOptions): Promise<FinishedPrediction>;
  /** A URL the model can read the image from (uploading it, or reusing an earlier upload). */
  uploadImage(image: ImageToSend, signal?: AbortSignal): Promise<string>;
  /** The bytes behind an output URL, as a stream (so large files are never held whole in memory). */
  download(url: string, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>>;
  /**
   * How long an output URL stays readable by the provider itself after the prediction finished, so a
   * downstream call can be given it instead of an upload. Undefined: never reuse output URLs.
   */
  readonly outputUrlLifetimeMs?: number;
  /**
   * Whose predictions these are - the API and the account, never the token itself - so a prediction
   * journaled under one scope is never adopted under another. Undefined: predictions cannot be resumed.
   */
  readonly predictionScope?: string;
  /**
   * Follows a prediction made earlier (by a run that died, say) instead of creating one, to its end,
   * like createPrediction; `call` says what it was made for (its input is not sent again). A prediction
   * the provider no longer knows throws a ProviderError of kind 'not-found'.
   */
  resumePrediction?(id: string, call: ProviderCall, options?: PredictOptions): Promise<FinishedPrediction>;
}
