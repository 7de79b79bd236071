// Turning what went wrong talking to Replicate into one line a user can act on.
import { ProviderError } from '../errors';
import { TransportError } from '../http/transport-error';
import { ApiErrorBodySchema, type ApiErrorBody } from './schemas';

/** What the `replicate` client throws for a non-2xx answer (its ApiError). */
interface ClientApiError extends Error {
  response: Response;
}

export function isClientApiError(error: unknown): error is ClientApiError {
  return error instanceof Error && error.name === 'ApiError' && (error as { response?: unknown }).response instanceof Response;
}

/** The error body the client folded into its message ("... failed with status 422 Unprocessable Entity: {...}."). */
export function errorBodyOf(error: ClientApiError): ApiErrorBody | undefined {
  const match = /failed with status \d+[^:]*: ([\s\S]*)\.$/.exec(error.message);
  if (!match) return undefined;
  try {
    const parsed = ApiErrorBodySchema.safeParse(JSON.parse(match[1]!));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export interface ErrorContext {
  /** What we were doing: "creating the prediction", "uploading an input image"... */
  doing: string;
  baseUrl: string;
}

export function toProviderError(error: unknown, context: ErrorContext): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof TransportError) {
    if (error.neverSent) {
      return new ProviderError('unreachable', `cannot reach the Replicate API at ${context.baseUrl} (${describeCause(error)}): check the network connection or REPLICATE_BASE_URL`, undefined, { cause: error });
    }
    const kind = error.failure === 'timeout' ? 'timeout' : 'server';
    return new ProviderError(kind, `Replicate did not answer while ${context.doing}: ${error.message.replace(/^\S+ \S+: /, '')}`, undefined, { cause: error });
  }
  if (isClientApiError(error)) return fromStatus(error.response.status, errorBodyOf(error), error.response.headers, context, error);
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError('protocol', `unexpected problem while ${context.doing}: ${message}`, undefined, { cause: error });
}

function fromStatus(status: number, body: ApiErrorBody | undefined, headers: Headers, context: ErrorContext, cause: unknown): ProviderError {
  const detail = body?.detail?.trim();
  if (status === 401 || status === 403) {
    return new ProviderError('auth', 'the Replicate token was refused: set REPLICATE_API_TOKEN to a valid token', status, { cause });
  }
  if (status === 422) {
    if (body?.invalid_fields?.length) {
      const fields = body.invalid_fields.map((f) => `${f.field || '(input)'}: ${f.description ?? f.type ?? 'invalid'}`);
      return new ProviderError('invalid-input', `Replicate refused the input: ${fields.join('; ')}`, status, { cause });
    }
    return new ProviderError('invalid-input', `Replicate refused the request: ${detail ?? body?.title ?? 'unprocessable entity'}`, status, { cause });
  }
  if (status === 404) {
    return new ProviderError('not-found', `Replicate answered 404 while ${context.doing}${detail ? `: ${detail}` : ''} (is the model version or deployment name right?)`, status, { cause });
  }
  if (status === 429) {
    const wait = headers.get('retry-after');
    return new ProviderError('throttled', `Replicate kept throttling requests (HTTP 429${wait ? `, retry after ${wait} s` : ''}) while ${context.doing}: try again later or lower --concurrency`, status, { cause });
  }
  if (status >= 500) {
    return new ProviderError('server', `Replicate had a server error (HTTP ${status}) while ${context.doing}${detail ? `: ${detail}` : ''}`, status, { cause });
  }
  return new ProviderError('protocol', `Replicate answered HTTP ${status} while ${context.doing}${detail ? `: ${detail}` : ''}`, status, { cause });
}

function describeCause(error: TransportError): string {
  const code = (error.cause as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' ? code : error.failure === 'dns' ? 'unknown host' : 'connection refused';
}
