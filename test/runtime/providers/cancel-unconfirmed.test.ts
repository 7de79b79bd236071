// Canceling must not claim more than Replicate confirmed. A cancel that Replicate accepts but never
// carries out, or a cancel request that fails, leaves a prediction that may still be running and billed:
// the provider says so, naming the prediction and its page, instead of answering "canceled".
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/runtime/providers/errors';
import type { ProviderCall } from '../../../src/runtime/providers/provider';
import { POLLS_AFTER_CANCEL, ReplicateProvider, type ReplicateProviderOptions } from '../../../src/runtime/providers/replicate/replicate-provider';
import { FLUX_THOTH, startEmulator, type Emulator } from '../../emulator/index';
import { cancelIgnored } from './cancel-ignored';

let emulator: Emulator;
beforeAll(async () => {
  // Predictions run for an emulated hour: nothing ends by itself while a test polls.
  emulator = await startEmulator({ timing: { queueDelayMs: 2, predictMs: 60 * 60_000 }, randomSeed: 9 });
});
afterEach(() => {
  emulator.faults.clear();
  emulator.resetLog();
});
afterAll(() => emulator.close());

function provider(options: Partial<ReplicateProviderOptions> = {}): ReplicateProvider {
  return new ReplicateProvider({ token: emulator.token, baseUrl: emulator.baseUrl, waitSeconds: 1, pollIntervalMs: 2, retry: { sleep: async () => {} }, ...options });
}

const call: ProviderCall = { node: 'sampler', model: FLUX_THOTH.ref, version: FLUX_THOTH.version, input: { prompt: 'a lighthouse that will not stop', megapixels: '0.25', num_inference_steps: 4 } };

/** Runs a prediction and aborts it as soon as it is processing; resolves with what the provider threw. */
async function abortWhileProcessing(p: ReplicateProvider): Promise<{ error: ProviderError; id: string }> {
  const controller = new AbortController();
  let id = '';
  const error = await p
    .createPrediction(call, {
      signal: controller.signal,
      onUpdate: (update) => {
        id = update.id;
        if (update.status === 'processing') controller.abort();
      },
    })
    .then(() => undefined, (thrown: unknown) => thrown);
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return { error, id };
}

describe('a cancel Replicate does not confirm', () => {
  it('says the prediction may still be running, and where to look, instead of "canceled"', async () => {
    const { error, id } = await abortWhileProcessing(provider({ fetch: cancelIgnored(globalThis.fetch) }));
    expect(error.kind).toBe('cancel-unconfirmed');
    expect(error.message).toBe(
      `the cancel was sent but Replicate did not confirm it (still "processing" after ${POLLS_AFTER_CANCEL} checks): prediction ${id} may still be running, and billed; check https://replicate.com/p/${id}`,
    );
    // It was indeed not canceled.
    expect(emulator.prediction(id)?.status).toBe('processing');
    expect(emulator.log.filter('predictions.get').length).toBeGreaterThanOrEqual(POLLS_AFTER_CANCEL);
  });

  it('says so when the cancel request itself failed', async () => {
    emulator.faults.serverError({ method: 'POST', path: '/v1/predictions/*/cancel' });
    const { error, id } = await abortWhileProcessing(provider({ retry: { sleep: async () => {}, maxAttempts: 2 } }));
    expect(error.kind).toBe('cancel-unconfirmed');
    expect(error.message).toMatch(new RegExp(`^the cancel could not be sent \\(Replicate had a server error \\(HTTP 500\\) while canceling the prediction.*\\): prediction ${id} may still be running, and billed; check https://replicate.com/p/${id}$`));
    expect(emulator.prediction(id)?.status).toBe('processing');
    expect(emulator.log.filter('predictions.cancel').length).toBeGreaterThan(0);
  });

  it('answers "canceled" when Replicate does confirm it', async () => {
    const controller = new AbortController();
    const done = await provider().createPrediction(call, { signal: controller.signal, onUpdate: (u) => u.status === 'processing' && controller.abort() });
    expect(done.status).toBe('canceled');
    expect(emulator.prediction(done.id)?.status).toBe('canceled');
  });
});
