// Unwraps an ApiReply envelope ({ok, value} | {ok: false, error}) into a value or an ApiCallError.
import { ApiErrorSchema } from '../../api';
import { ApiCallError } from './api-error';

export function unwrapReply(method: string, reply: unknown): unknown {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) {
    throw new ApiCallError(`${method}: the host answered something Weft does not understand`, 'internal', method);
  }
  const envelope = reply as { ok: boolean; value?: unknown; error?: unknown };
  if (envelope.ok) return envelope.value;
  const error = ApiErrorSchema.safeParse(envelope.error);
  if (error.success) throw new ApiCallError(error.data.error, error.data.code, method);
  throw new ApiCallError(`${method} failed`, 'internal', method);
}
