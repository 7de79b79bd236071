/**
 * A faithful, local stand-in for Replicate's HTTP API and the two FLUX models Weft targets, for tests,
 * benchmarks and browser tests. Point the official client at it:
 *
 *   const emulator = await startEmulator();
 *   const replicate = new Replicate(emulator.clientOptions());   // {auth, baseUrl, useFileOutput: false}
 *   ...
 *   await emulator.close();
 *
 * See README.md in this folder for the faults, the clock and the admin API.
 */
import type { AddressInfo } from 'node:net';
import { Catalog, buildCatalog, DEFAULT_DEPLOYMENT, FLUX_THOTH, type ModelVersion } from './catalog';
import { EmulatedClock, type ClockOptions } from './clock';
import type { EmulatorContext } from './context';
import { DeliveryStore } from './delivery-store';
import { Faults } from './faults';
import { FilesStore } from './files-store';
import type { Route } from './http';
import { PredictionEngine } from './lifecycle';
import { RequestLog } from './log';
import { isTerminal, type PredictionJson, type Timing } from './prediction';
import { SeededRandom } from './random';
import { RateLimiter, type RateLimitOptions } from './rate-limit';
import { accountRoutes } from './routes/account';
import { deliveryRoutes } from './routes/delivery';
import { fileRoutes } from './routes/files';
import { modelRoutes } from './routes/models';
import { predictionRoutes } from './routes/predictions';
import { createEmulatorServer } from './server';

export { FLUX_FINE_TUNE, FLUX_THOTH, INVERSIONS, DEFAULT_DEPLOYMENT } from './catalog';
export type { ModelRef, ModelVersion } from './catalog';
export { EmulatedClock } from './clock';
export { Faults, DEFAULT_FAILURE_ERROR } from './faults';
export type { ActiveFault, FaultHandle, FaultInput, FaultKind, FaultSpec } from './faults';
export { RequestLog } from './log';
export type { CreatedPrediction, RequestLogEntry, RouteName, Upload } from './log';
export type { PredictionJson, PredictionStatus, Timing } from './prediction';

export const DEFAULT_TOKEN = 'r8_test_token';
export const DEFAULT_TIMING: Readonly<Timing> = { queueDelayMs: 50, predictMs: 200 };
const HOUR_MS = 3_600_000;

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Tokens the API accepts; the first is `emulator.token`. Default ["r8_test_token"]. */
  tokens?: string[];
  /** Emulated durations of each prediction. Default 50 ms queued, 200 ms predicting. */
  timing?: Partial<Timing>;
  clock?: ClockOptions;
  /** Deployments as "owner/name" -> version id. Default: weft-test/flux-thoth-deployment -> flux-thoth. */
  deployments?: Record<string, string>;
  /** Seeds ids, random model seeds, fault probabilities: equal seeds replay equal runs. */
  randomSeed?: number;
  /** Make go_fast outputs bit-exact for a given seed (Replicate's are not; default false). */
  goFastDeterministic?: boolean;
  /** Replicate's account limits (600 creates/min, 3000 other requests/min); off by default. */
  rateLimits?: boolean | RateLimitOptions;
  /** How long a finished prediction keeps input, output and logs. Default one hour. */
  dataRetentionMs?: number;
  /** How long an uploaded file lives. Default 24 hours. */
  fileLifetimeMs?: number;
}

export interface Emulator {
  /** The API base, e.g. http://127.0.0.1:41234/v1 (what `baseUrl` of the replicate client takes). */
  readonly baseUrl: string;
  /** Scheme, host and port; output URLs live under `${origin}/delivery/`. */
  readonly origin: string;
  readonly port: number;
  /** A token the API accepts. */
  readonly token: string;
  readonly tokens: readonly string[];
  readonly clock: EmulatedClock;
  readonly faults: Faults;
  readonly log: RequestLog;
  readonly versions: readonly ModelVersion[];
  /** Options for `new Replicate(...)`: auth, baseUrl, useFileOutput false. */
  clientOptions(): { auth: string; baseUrl: string; useFileOutput: false };
  resetLog(): void;
  timing(): Timing;
  /** Changes the durations of predictions created from now on. */
  setTiming(timing: Partial<Timing>): void;
  /** A prediction as the API would show it now (no HTTP, nothing logged). */
  prediction(id: string): PredictionJson | undefined;
  predictions(): PredictionJson[];
  /** Resolves when the prediction has finished (polling in real time; default 10 s limit). */
  waitForPrediction(id: string, options?: { timeoutMs?: number }): Promise<PredictionJson>;
  /** Deletes a prediction's input, outputs and logs now, as the one-hour expiry does. */
  removePredictionData(id: string): void;
  /** Resolves once no image work is in flight (useful after clock.advance() with a frozen clock). */
  idle(): Promise<void>;
  /** Replaces the tokens the API accepts from now on (revoke one mid-run with `setTokens([])`). */
  setTokens(tokens: readonly string[]): void;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  const tokens = options.tokens && options.tokens.length > 0 ? [...options.tokens] : [DEFAULT_TOKEN];
  const clock = new EmulatedClock(options.clock);
  const random = new SeededRandom(options.randomSeed);
  const faults = new Faults(random);
  const log = new RequestLog();
  const catalog = new Catalog(
    buildCatalog(),
    new Map(Object.entries(options.deployments ?? { [DEFAULT_DEPLOYMENT]: FLUX_THOTH.version })),
  );
  let timing: Timing = { ...DEFAULT_TIMING, ...options.timing };
  let origin = '';
  const files = new FilesStore(clock, random, options.fileLifetimeMs ?? 24 * HOUR_MS);
  const delivery = new DeliveryStore();
  const engine = new PredictionEngine({
    clock,
    random,
    files,
    delivery,
    faults,
    baseUrl: () => `${origin}/v1`,
    origin: () => origin,
    timing: () => timing,
    dataRetentionMs: options.dataRetentionMs ?? HOUR_MS,
    goFastDeterministic: options.goFastDeterministic ?? false,
  });
  const context: EmulatorContext = {
    clock,
    catalog,
    engine,
    files,
    delivery,
    baseUrl: () => `${origin}/v1`,
    origin: () => origin,
    maxUploadBytes: 100 * 1024 * 1024,
  };
  const routes: Route[] = [
    ...predictionRoutes(context),
    ...modelRoutes(context),
    ...fileRoutes(context),
    ...accountRoutes(),
    ...deliveryRoutes(context),
  ];
  const setTiming = (next: Partial<Timing>) => {
    timing = { ...timing, ...next };
  };
  // Mutable, so a test can revoke a token mid-run; emulator.token stays the first one it started with.
  const accepted = new Set(tokens);
  const setTokens = (next: readonly string[]) => {
    accepted.clear();
    for (const token of next) accepted.add(token);
  };
  const rateLimiter =
    options.rateLimits === undefined || options.rateLimits === false
      ? undefined
      : new RateLimiter(clock, options.rateLimits === true ? {} : options.rateLimits);
  const { server, destroyConnections } = createEmulatorServer({
    context,
    routes,
    faults,
    log,
    tokens: accepted,
    rateLimiter,
    admin: { context, faults, log, tokens, acceptedTokens: () => [...accepted], setTokens, timing: () => timing, setTiming },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const baseUrl = `${origin}/v1`;

  const emulator: Emulator = {
    baseUrl,
    origin,
    port,
    token: tokens[0] as string,
    tokens,
    clock,
    faults,
    log,
    versions: catalog.versions,
    clientOptions: () => ({ auth: tokens[0] as string, baseUrl, useFileOutput: false }),
    resetLog: () => log.reset(),
    timing: () => ({ ...timing }),
    setTiming,
    prediction: (id) => {
      const record = engine.get(id);
      return record ? engine.json(record) : undefined;
    },
    predictions: () => engine.list().map((r) => engine.json(r)),
    async waitForPrediction(id, { timeoutMs = 10_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const record = engine.get(id);
        if (!record) throw new Error(`no prediction ${id}`);
        if (isTerminal(record.status)) return engine.json(record);
        if (Date.now() > deadline) throw new Error(`prediction ${id} still ${record.status} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    },
    removePredictionData: (id) => {
      const record = engine.get(id);
      if (!record) throw new Error(`no prediction ${id}`);
      engine.removeData(record);
    },
    idle: () => engine.idle(),
    setTokens,
    async close() {
      clock.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      destroyConnections();
      await closed;
      await engine.idle();
    },
  };
  return emulator;
}
