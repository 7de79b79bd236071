// What a finished prediction becomes: a success is downloaded at once (Replicate deletes outputs an hour
// later) and written to the cache (blobs, then record) before it is reported; anything else is a failed
// or canceled call, never cached. Whether it was created by this call or adopted from a run that died
// makes no difference here.
//
// `settled` says whether the prediction's journal entry is of any further use: false only when a
// success's outputs could not be kept for a reason that may pass (the network, a full disk, a cancel
// mid-download), so a later run adopts it and downloads them instead of paying for them again.
import type { PlannedCall } from '../../engine';
import type { Cache } from '../cache/cache';
import type { JsonValue } from '../cache/call-record';
import { ProviderError } from '../providers/errors';
import type { FinishedPrediction, Provider } from '../providers/provider';
import type { Billing, CallReporter, CallResult } from './call-reporter';
import type { OutputRef } from './events';
import { storeOutputs } from './store-outputs';

/** A delivery URL is passed downstream only while it has this much of its hour left. */
const FRESH_URL_MARGIN_MS = 10 * 60_000;

export interface Finished {
  result: CallResult;
  settled: boolean;
}

export interface FinishContext {
  provider: Provider;
  cache: Cache;
  report: CallReporter;
  now: () => number;
  /** Output URLs downloaded in this run, by sha256, usable as inputs until `until`. */
  freshUrls: Map<string, { url: string; until: number }>;
}

export interface FinishedCall {
  call: PlannedCall;
  key: string;
  /** The input as the cache knows it (images by sha256). */
  keyedInput: Record<string, JsonValue>;
  prediction: FinishedPrediction;
  billing: Billing;
}

export async function finishPrediction(context: FinishContext, finished: FinishedCall, signal: AbortSignal): Promise<Finished> {
  const { provider, cache, report } = context;
  const { call, key, keyedInput, prediction, billing } = finished;
  const done = (result: CallResult, settled = true): Finished => ({ result, settled });
  const predictionId = prediction.id;
  switch (prediction.status) {
    case 'failed':
      return done(report.failed(call, key, `the model failed: ${prediction.error ?? 'no reason given'}`, { predictionId, ...billing }));
    case 'aborted':
      return done(report.failed(call, key, 'Replicate aborted the prediction before it started', { predictionId }));
    case 'canceled':
      if (signal.aborted) return done(report.canceled(call, key, predictionId, billing));
      return done(report.failed(call, key, 'the prediction was canceled outside Weft', { predictionId, ...billing }));
    case 'succeeded':
      // A deployment serves whatever version its owner set: a result of another version is not this
      // call's, and caching it under this call's key would be a lie.
      if (call.deployment && prediction.version && prediction.version !== call.version) {
        return done(report.failed(call, key, `deployment ${call.deployment} runs version ${prediction.version.slice(0, 12)}…, not ${call.version.slice(0, 12)}… that this sampler uses: update the deployment or set fine_tune to that version`, { predictionId, ...billing }));
      }
      break;
  }
  if (prediction.unusableOutput) {
    return done(report.failed(call, key, `the model returned ${prediction.unusableOutput}, not image files: Weft cannot use that output yet`, { predictionId, ...billing }));
  }
  if (prediction.output.length === 0) return done(report.failed(call, key, 'the prediction succeeded but returned no images', { predictionId, ...billing }));
  const downloadedAt = context.now();
  let outputs: OutputRef[];
  try {
    outputs = await storeOutputs(provider, cache.blobs, prediction.output, `node ${call.node}`, signal);
  } catch (error) {
    if (signal.aborted) return done(report.canceled(call, key, predictionId, billing), false);
    // Outputs Replicate deleted are gone for good; any other trouble (the network, a full disk) may pass.
    const gone = error instanceof ProviderError && (error.status === 404 || error.status === 410);
    return done(report.failed(call, key, `the prediction succeeded but its images could not be kept: ${messageOf(error)}`, { predictionId, ...billing }), gone);
  }
  if (provider.outputUrlLifetimeMs !== undefined) {
    const until = downloadedAt + provider.outputUrlLifetimeMs - FRESH_URL_MARGIN_MS;
    outputs.forEach((output, i) => context.freshUrls.set(output.sha256, { url: prediction.output[i]!, until }));
  }
  try {
    await cache.put({
      key,
      model: call.model,
      version_id: prediction.version ?? call.version,
      input: keyedInput,
      seed: call.seed,
      prediction: {
        id: predictionId,
        provider: provider.kind,
        ...(billing.predictTime === undefined ? {} : { predictTime: billing.predictTime }),
        ...(prediction.metrics.totalTime === undefined ? {} : { totalTime: prediction.metrics.totalTime }),
        ...isoField('createdAt', prediction.createdAt),
        ...isoField('completedAt', prediction.completedAt),
      },
      outputs: outputs.map((o) => ({ sha256: o.sha256, ...(o.width ? { width: o.width } : {}), ...(o.height ? { height: o.height } : {}) })),
    });
  } catch (error) {
    return done(report.failed(call, key, `the prediction succeeded but could not be cached: ${messageOf(error)}`, { predictionId, ...billing, keptOutputs: outputs }), false);
  }
  return done(report.succeeded(call, key, predictionId, outputs, billing));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isoField(name: 'createdAt' | 'completedAt', value: string | undefined): Record<string, string> {
  if (!value) return {};
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? {} : { [name]: new Date(ms).toISOString() };
}
