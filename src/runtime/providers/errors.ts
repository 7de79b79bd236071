// Errors a provider throws, each with one line a user can act on. `kind` lets the runner decide what
// the failure means for the rest of the run: a refused token or an unreachable API will fail every
// other call the same way, so those stop the run instead of being repeated once per call.

export type ProviderErrorKind =
  /** The token was refused (401/403). */
  | 'auth'
  /** The model's input was refused (422), or the version does not exist. */
  | 'invalid-input'
  | 'not-found'
  /** Still throttled (429) after every retry. */
  | 'throttled'
  /** 5xx after every retry. */
  | 'server'
  /** The API could not be reached at all. */
  | 'unreachable'
  | 'timeout'
  /** A create request whose answer was lost, and no prediction made by it could be found. */
  | 'lost-answer'
  /** An output could not be fetched (gone, too large, not an image). */
  | 'download'
  /** The API answered something we do not understand. */
  | 'protocol'
  /** A local Cog container stayed busy or is not ready. */
  | 'busy'
  /** A cancel was asked for but never confirmed: the prediction may still be running, and billed. */
  | 'cancel-unconfirmed';

const FATAL_KINDS: ReadonlySet<ProviderErrorKind> = new Set<ProviderErrorKind>(['auth', 'unreachable']);

export class ProviderError extends Error {
  override readonly name = 'ProviderError';

  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True when every other call would fail the same way: the run should stop starting new ones. */
  get fatal(): boolean {
    return FATAL_KINDS.has(this.kind);
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error as { code?: unknown }).code === 'ABORT_ERR');
}
