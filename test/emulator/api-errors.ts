/**
 * The error bodies Replicate's API answers with: JSON `{title, detail, status}` (plus `invalid_fields`
 * for input validation). The throttling body has no title, as on Replicate.
 */
import type { InvalidField } from './validate';

export interface ErrorBody {
  title?: string;
  detail: string;
  status: number;
  invalid_fields?: InvalidField[];
}

export function unauthenticated(): ErrorBody {
  return { title: 'Unauthenticated', detail: 'You did not pass a valid authentication token', status: 401 };
}

export function invalidVersion(): ErrorBody {
  return {
    title: 'Invalid version or not permitted',
    detail: 'The specified version does not exist (or perhaps you don\'t have permission to use it?)',
    status: 422,
  };
}

/** One `- field: description` line per problem; root-level problems are named "(root)" in the text. */
export function inputValidationFailed(fields: InvalidField[]): ErrorBody {
  return {
    title: 'Input validation failed',
    detail: fields.map((f) => `- ${f.field === '' ? '(root)' : f.field}: ${f.description}`).join('\n'),
    status: 422,
    invalid_fields: fields,
  };
}

export function notFound(detail = 'The requested resource could not be found.'): ErrorBody {
  return { title: 'Not found', detail, status: 404 };
}

export function badRequest(title: string, detail: string): ErrorBody {
  return { title, detail, status: 400 };
}

export function throttled(retryAfterSeconds: number): { detail: string } {
  return { detail: `Request was throttled. Your rate limit resets in ~${retryAfterSeconds}s.` };
}

export function serverError(status: number): ErrorBody {
  const titles: Record<number, string> = {
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return { title: titles[status] ?? 'Server Error', detail: 'An unexpected error occurred (emulated fault).', status };
}
