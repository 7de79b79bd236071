// A cancel Replicate never confirmed. Saying "canceled" then would be a lie: the prediction may still be
// running, and Replicate bills canceled predictions for the time they ran (and running ones for all of
// it). The user is told so, with the page where they can see (and stop) it themselves.
import { ProviderError } from '../errors';
import type { PredictionJson } from './schemas';

/**
 * `cancelProblem`: why the cancel request itself failed, when it did; undefined when it was sent and
 * answered but the prediction never reached a final status.
 */
export function cancelUnconfirmed(prediction: PredictionJson, polls: number, cancelProblem?: string): ProviderError {
  const page = prediction.urls?.web || `https://replicate.com/p/${prediction.id}`;
  const what = cancelProblem === undefined
    ? `the cancel was sent but Replicate did not confirm it (still "${prediction.status}" after ${polls} checks)`
    : `the cancel could not be sent (${cancelProblem})`;
  return new ProviderError('cancel-unconfirmed', `${what}: prediction ${prediction.id} may still be running, and billed; check ${page}`);
}
