/**
 * Switchable faults. HTTP faults shape the answer to matching requests (429, 5xx, connection reset,
 * a request that never answers); prediction faults shape matching predictions when they are created
 * (slow, failed, outputs dropped by the safety checker, output URLs already expired, a `Prefer: wait`
 * answer that still says `processing`).
 *
 * Every fault applies to the `times` next matches (forever when omitted), to a `probability` of them,
 * and only to requests whose method/path match (HTTP) or whose prompt contains `promptIncludes`
 * (predictions). The same specs arrive as JSON over POST /__emulator/faults.
 */
import { z } from 'zod';
import type { SeededRandom } from './random';

const selector = {
  /** Apply to the next N matches, then retire. Omitted: every match until removed. */
  times: z.number().int().positive().optional(),
  /** Apply to this fraction of matches (0..1), drawn from the emulator's seeded random source. */
  probability: z.number().min(0).max(1).optional(),
};

const httpSelector = {
  ...selector,
  method: z.string().optional(),
  /** Glob on the request path, `*` matching anything: "/v1/predictions*", "/delivery/*". */
  path: z.string().optional(),
  /** Regular expression source on the request path, when a glob is not enough. */
  pathRegex: z.string().optional(),
};

const predictionSelector = {
  ...selector,
  promptIncludes: z.string().optional(),
};

export const faultSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rate-limit'), retryAfterSeconds: z.number().int().positive().optional(), ...httpSelector }).strict(),
  z
    .object({
      kind: z.literal('server-error'),
      status: z.number().int().min(500).max(599).optional(),
      /** Answer the error only after the request was handled (e.g. the prediction exists). */
      afterHandling: z.boolean().optional(),
      ...httpSelector,
    })
    .strict(),
  z
    .object({
      kind: z.literal('reset'),
      /** Send the headers and half the body, then destroy the socket (implies afterHandling). */
      midBody: z.boolean().optional(),
      afterHandling: z.boolean().optional(),
      ...httpSelector,
    })
    .strict(),
  z.object({ kind: z.literal('hang'), afterHandling: z.boolean().optional(), ...httpSelector }).strict(),
  z
    .object({
      kind: z.literal('slow-prediction'),
      predictMs: z.number().nonnegative().optional(),
      queueDelayMs: z.number().nonnegative().optional(),
      ...predictionSelector,
    })
    .strict(),
  z.object({ kind: z.literal('fail-prediction'), error: z.string().optional(), ...predictionSelector }).strict(),
  z
    .object({
      kind: z.literal('safety-drop'),
      /** How many outputs the checker flags (from out-0 up), or all of them (the prediction then fails). */
      drop: z.union([z.number().int().positive(), z.literal('all')]).optional(),
      ...predictionSelector,
    })
    .strict(),
  z.object({ kind: z.literal('expire-outputs'), ...predictionSelector }).strict(),
  z.object({ kind: z.literal('processing-wait-answer'), ...predictionSelector }).strict(),
]);

export type FaultSpec = z.infer<typeof faultSpecSchema>;
export type FaultKind = FaultSpec['kind'];
export type HttpFaultSpec = Extract<FaultSpec, { kind: 'rate-limit' | 'server-error' | 'reset' | 'hang' }>;
export type PredictionFaultSpec = Exclude<FaultSpec, HttpFaultSpec>;

/** In code (not over HTTP) an HTTP fault's `path` may also be a RegExp. */
type WithRegExpPath<S> = S extends { path?: string } ? Omit<S, 'path'> & { path?: string | RegExp } : S;
export type FaultInput = WithRegExpPath<FaultSpec>;

type Options<K extends FaultKind> = Omit<Extract<FaultInput, { kind: K }>, 'kind'>;

export interface ActiveFault {
  readonly id: string;
  readonly spec: FaultSpec;
  /** Matches still to come for a `times` fault; undefined for an open-ended one. */
  readonly remaining: number | undefined;
  /** How often it has been applied. */
  readonly applied: number;
}

export interface FaultHandle {
  readonly id: string;
  remove(): void;
}

/** What prediction faults decided for one new prediction. */
export interface PredictionFaultEffects {
  slow?: { predictMs?: number; queueDelayMs?: number };
  failError?: string;
  safetyDrop?: number | 'all';
  expireOutputs?: boolean;
  processingWaitAnswer?: boolean;
}

export const DEFAULT_FAILURE_ERROR = 'Emulated model failure (fault injected by the Weft Replicate emulator)';

interface Entry {
  id: string;
  spec: FaultSpec;
  remaining: number | undefined;
  applied: number;
  pathRegex?: RegExp;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

const HTTP_KINDS: ReadonlySet<FaultKind> = new Set(['rate-limit', 'server-error', 'reset', 'hang']);

export class Faults {
  private entries: Entry[] = [];
  private nextId = 1;

  constructor(private readonly random: SeededRandom) {}

  /** Adds a fault from a spec (validated, so JSON from the admin route is safe to pass). */
  add(input: FaultInput): FaultHandle {
    const { path, ...rest } = input as { path?: string | RegExp };
    const parsed = faultSpecSchema.parse(typeof path === 'string' ? { ...rest, path } : rest);
    const isHttp = HTTP_KINDS.has(parsed.kind);
    if (path instanceof RegExp && !isHttp) throw new Error(`a ${parsed.kind} fault matches by prompt, not by path`);
    const entry: Entry = { id: `fault-${this.nextId++}`, spec: parsed, remaining: parsed.times, applied: 0 };
    if (isHttp) {
      const http = parsed as HttpFaultSpec;
      if (path instanceof RegExp) entry.pathRegex = path;
      else if (http.pathRegex !== undefined) entry.pathRegex = new RegExp(http.pathRegex);
      else if (http.path !== undefined) entry.pathRegex = globToRegExp(http.path);
    }
    this.entries.push(entry);
    return { id: entry.id, remove: () => this.remove(entry.id) };
  }

  /** 429 with Retry-After and Replicate's throttling body. */
  rateLimit(options: Options<'rate-limit'> = {}): FaultHandle {
    return this.add({ kind: 'rate-limit', ...options });
  }

  /** A 5xx answer (500 unless `status` says otherwise). */
  serverError(options: Options<'server-error'> = {}): FaultHandle {
    return this.add({ kind: 'server-error', ...options });
  }

  /** Destroys the connection, before answering or (midBody) halfway through the body. */
  resetConnection(options: Options<'reset'> = {}): FaultHandle {
    return this.add({ kind: 'reset', ...options });
  }

  /** Never answers; the request stays open until the client gives up or the emulator closes. */
  hang(options: Options<'hang'> = {}): FaultHandle {
    return this.add({ kind: 'hang', ...options });
  }

  slowPredictions(options: Options<'slow-prediction'>): FaultHandle {
    return this.add({ kind: 'slow-prediction', ...options });
  }

  failPredictions(options: Options<'fail-prediction'> = {}): FaultHandle {
    return this.add({ kind: 'fail-prediction', ...options });
  }

  safetyDrop(options: Options<'safety-drop'> = {}): FaultHandle {
    return this.add({ kind: 'safety-drop', ...options });
  }

  expireOutputs(options: Options<'expire-outputs'> = {}): FaultHandle {
    return this.add({ kind: 'expire-outputs', ...options });
  }

  processingWaitAnswer(options: Options<'processing-wait-answer'> = {}): FaultHandle {
    return this.add({ kind: 'processing-wait-answer', ...options });
  }

  list(): ActiveFault[] {
    return this.entries.map(({ id, spec, remaining, applied }) => ({ id, spec, remaining, applied }));
  }

  remove(id: string): boolean {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.id !== id);
    return this.entries.length !== before;
  }

  clear(): void {
    this.entries = [];
  }

  /** The first HTTP fault that fires for this request, consumed. */
  takeHttpFault(method: string, path: string): HttpFaultSpec | undefined {
    for (const entry of this.entries) {
      if (!HTTP_KINDS.has(entry.spec.kind)) continue;
      const spec = entry.spec as HttpFaultSpec;
      if (spec.method && spec.method.toUpperCase() !== method.toUpperCase()) continue;
      if (entry.pathRegex && !entry.pathRegex.test(path)) continue;
      if (this.fires(entry)) return spec;
    }
    return undefined;
  }

  /** Every prediction fault that fires for a new prediction with this prompt, consumed. */
  takePredictionFaults(prompt: string, safetyCheckerEnabled: boolean): PredictionFaultEffects {
    const effects: PredictionFaultEffects = {};
    for (const entry of this.entries) {
      if (HTTP_KINDS.has(entry.spec.kind)) continue;
      const spec = entry.spec as PredictionFaultSpec;
      if (spec.promptIncludes !== undefined && !prompt.includes(spec.promptIncludes)) continue;
      // A disabled safety checker drops nothing, so the fault waits for a prediction it can act on.
      if (spec.kind === 'safety-drop' && !safetyCheckerEnabled) continue;
      if (this.alreadyDecided(effects, spec) || !this.fires(entry)) continue;
      switch (spec.kind) {
        case 'slow-prediction':
          effects.slow = { predictMs: spec.predictMs, queueDelayMs: spec.queueDelayMs };
          break;
        case 'fail-prediction':
          effects.failError = spec.error ?? DEFAULT_FAILURE_ERROR;
          break;
        case 'safety-drop':
          effects.safetyDrop = spec.drop ?? 'all';
          break;
        case 'expire-outputs':
          effects.expireOutputs = true;
          break;
        case 'processing-wait-answer':
          effects.processingWaitAnswer = true;
          break;
      }
    }
    return effects;
  }

  private alreadyDecided(effects: PredictionFaultEffects, spec: PredictionFaultSpec): boolean {
    switch (spec.kind) {
      case 'slow-prediction':
        return effects.slow !== undefined;
      case 'fail-prediction':
        return effects.failError !== undefined;
      case 'safety-drop':
        return effects.safetyDrop !== undefined;
      case 'expire-outputs':
        return effects.expireOutputs === true;
      case 'processing-wait-answer':
        return effects.processingWaitAnswer === true;
    }
  }

  private fires(entry: Entry): boolean {
    const probability = entry.spec.probability;
    if (probability !== undefined && !this.random.chance(probability)) return false;
    entry.applied++;
    if (entry.remaining !== undefined) {
      entry.remaining--;
      if (entry.remaining <= 0) this.entries = this.entries.filter((e) => e !== entry);
    }
    return true;
  }
}
