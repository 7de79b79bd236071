// The runner's side of the in-flight journal: journal a prediction the moment it exists, forget it once
// its fate is recorded, and before paying for a new one, look for an earlier prediction of the same
// call that a dead run left behind.
//
// An earlier prediction is adopted only when it was made under the same scope (API and account) for the
// same model, version and deployment, less than the provider's data lifetime ago (after that its outputs
// are deleted), and nobody alive follows it. While another live run (in this process or another on this
// machine) follows one, this call waits for that run's result to reach the cache instead of paying for
// the same image again; the claim itself is a rename only one process can win (journal.ts).
//
// The journal protects against paying twice; it must never be why a run fails. Anything going wrong
// with it (a read-only or full cache folder) leaves the call to run exactly as it would without one.
import type { CachedCall } from '../../cache/cache';
import type { FoundEntry, HeldEntry, InflightJournal } from './journal';

export interface InflightCallsOptions {
  journal: InflightJournal;
  scope: string;
  /** How long after its creation a prediction's outputs can still be had. */
  lifetimeMs: number;
  now: () => number;
  /** Between looks at the cache while another run follows the prediction. */
  pollMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface InflightCall {
  key: string;
  model: string;
  version: string;
  deployment?: string;
}

export type EarlierPrediction =
  /** Ours now: follow it instead of creating one. */
  | { kind: 'adopt'; held: HeldEntry }
  /** The run that followed it cached the result meanwhile. */
  | { kind: 'cached'; hit: CachedCall }
  | { kind: 'none' };

/** Several processes racing for the same entries: give up adopting (and create) after this many lost races. */
const MAX_LOST_CLAIMS = 5;

export class InflightCalls {
  private swept: Promise<unknown> | undefined;

  constructor(private readonly options: InflightCallsOptions) {}

  /** Journals a prediction that now exists; undefined when the journal cannot be written. */
  async record(call: InflightCall, predictionId: string): Promise<HeldEntry | undefined> {
    const { journal, scope } = this.options;
    try {
      return await journal.record({ key: call.key, predictionId, scope, model: call.model, modelVersion: call.version, ...(call.deployment ? { deployment: call.deployment } : {}) });
    } catch {
      return undefined;
    }
  }

  /**
   * `settled`: the result is cached, or the prediction's failure is recorded - forget it. Otherwise
   * (its outputs could not be kept, the cancel was not confirmed, Replicate stopped answering) keep it
   * for a later run to adopt.
   */
  async finish(held: HeldEntry, settled: boolean): Promise<void> {
    const { journal } = this.options;
    await (settled ? journal.remove(held) : journal.release(held)).catch(() => {});
  }

  /** Forgets an adopted prediction that turned out to be of no use (gone, expired, failed). */
  async drop(held: HeldEntry): Promise<void> {
    await this.options.journal.remove(held).catch(() => {});
  }

  /** An earlier prediction of this call to adopt or wait for. Throws only the signal's abort. */
  async earlier(call: InflightCall, cached: () => Promise<CachedCall | null>, signal: AbortSignal): Promise<EarlierPrediction> {
    const { journal, lifetimeMs, pollMs, sleep } = this.options;
    this.swept ??= journal.sweep(lifetimeMs).catch(() => 0);
    await this.swept;
    let lostClaims = 0;
    let waited = false;
    for (;;) {
      let entries: FoundEntry[];
      try {
        entries = (await journal.find(call.key)).filter((found) => this.belongsTo(found, call));
      } catch {
        return { kind: 'none' };
      }
      if (entries.some((found) => found.holder === 'alive')) {
        await sleep(pollMs, signal);
        waited = true;
        continue;
      }
      // The run we waited for let go of its entry: it writes the cache before that, so a success is there.
      if (waited) {
        const hit = await cached().catch(() => null);
        if (hit) return { kind: 'cached', hit };
      }
      const free = entries.find((found) => found.holder === 'free' || found.holder === 'dead');
      if (!free) return { kind: 'none' };
      const held = await journal.claim(free).catch(() => undefined);
      if (held) return { kind: 'adopt', held };
      // Another process took it: look again (it is now alive-held, or already gone).
      if (++lostClaims >= MAX_LOST_CLAIMS) return { kind: 'none' };
    }
  }

  /** Same account, same call, young enough; a holder on another machine cannot be judged, so it is left alone. */
  private belongsTo(found: FoundEntry, call: InflightCall): boolean {
    const { entry, holder } = found;
    const age = this.options.now() - Date.parse(entry.createdAt);
    return (
      holder !== 'elsewhere' &&
      entry.scope === this.options.scope &&
      entry.model === call.model &&
      entry.modelVersion === call.version &&
      entry.deployment === call.deployment &&
      age < this.options.lifetimeMs
    );
  }
}
