// A failed API call as the UI sees it: the host's sentence for the user and a code to act on
// ('token' opens the settings, 'canceled' is silent). Transport failures get the code 'io'.
import type { ApiError } from '../../api';

export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly code: ApiError['code'],
    readonly method: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export function isCanceled(error: unknown): boolean {
  return error instanceof ApiCallError && error.code === 'canceled';
}
