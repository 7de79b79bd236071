// A failure the user should read as it is. The app API's handler recognises it by shape (its name and
// code), because the runtime may not import src/api: see asApiFailure in src/api/handler.ts.
import { StorageError } from '../storage/errors';

export type FailureCode = 'bad-request' | 'not-found' | 'conflict' | 'io' | 'token' | 'internal' | 'canceled';

export class AppFailure extends Error {
  override readonly name = 'ApiFailure';

  constructor(
    message: string,
    readonly code: FailureCode = 'bad-request',
  ) {
    super(message);
  }
}

/** Storage errors already carry a sentence for the user; give them the matching API code. */
export function asAppFailure(error: unknown): unknown {
  if (!(error instanceof StorageError)) return error;
  const code: FailureCode =
    error.code === 'not-found' ? 'not-found' : error.code === 'not-an-image' || error.code === 'invalid-argument' ? 'bad-request' : 'io';
  return new AppFailure(error.message, code);
}

/** Runs `work`, turning a StorageError into an AppFailure on the way out. */
export async function withStorageErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asAppFailure(error);
  }
}
