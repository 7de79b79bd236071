// A run that dies the moment its prediction exists: the process is gone (SIGKILL, a power cut) right
// after the journal entry was written, so nothing polls, cancels or records anything any more. Simulated
// in process: the provider never comes back from its `onCreated`, the run is dropped unfinished, and its
// journal is written under a holder name of its own (same pid, another nonce), which is exactly what a
// dead process whose pid was given to us would have left: dead, so adoptable.
import type { Plan } from '../../../../src/engine';
import type { Provider } from '../../../../src/runtime/providers/provider';
import { InflightJournal } from '../../../../src/runtime/runner/inflight/journal';
import type { RunnerSetup } from '../setup';

export const DEAD_HOLDER = { nonce: 'killed' };

/** Delegates everything to `provider`, except that a created prediction is never followed. */
export function freezingAfterCreate(provider: Provider, onFrozen: (id: string) => void): Provider {
  return {
    kind: provider.kind,
    ...(provider.outputUrlLifetimeMs === undefined ? {} : { outputUrlLifetimeMs: provider.outputUrlLifetimeMs }),
    ...(provider.predictionScope === undefined ? {} : { predictionScope: provider.predictionScope }),
    uploadImage: (image, signal) => provider.uploadImage(image, signal),
    download: (url, signal) => provider.download(url, signal),
    createPrediction: (call, options = {}) =>
      provider.createPrediction(call, {
        ...options,
        onCreated: async (id) => {
          await options.onCreated?.(id);
          onFrozen(id);
          await new Promise<never>(() => {});
        },
      }),
    resumePrediction: (id, call, options) => provider.resumePrediction!(id, call, options),
  };
}

/** Starts a run of `plan` that dies once its (single) prediction is created; resolves with that prediction's id. */
export function runThatDies(s: RunnerSetup, plan: Plan): Promise<string> {
  return new Promise((resolve, reject) => {
    const provider = freezingAfterCreate(s.provider, resolve);
    const journal = new InflightJournal(s.cacheDir, { tmpDir: s.cache.layout.tmp, holder: DEAD_HOLDER });
    // Dropped: it never finishes (and never reports anything after its prediction started).
    void s.start(plan, { provider, journal, history: undefined, onEvent: () => {} }).result.then(() => reject(new Error('the run that should have died finished')), reject);
  });
}
