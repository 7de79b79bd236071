/**
 * The on-disk record of one run: `<dataDir>/history/<runId>.json`.
 *
 * It answers "what did this run do, what did it cost, where did each image come from": every call with
 * its model, version, exact input, seed, whether it came from the cache, its prediction id, timings and
 * outputs. Inputs are stored exactly as sent to the provider; the API token travels in a request header,
 * never in an input, and nothing in this folder may ever contain it.
 */
import { z } from 'zod';
import { IMAGE_MEDIA_TYPES } from '../cache/media-type';
import { SHA256_PATTERN } from '../cache/hash';
import { RUN_ID_PATTERN } from './run-id';

export const RUN_RECORD_FORMAT = 'weft-run';
export const RUN_RECORD_VERSION = 1;

const Sha256 = z.string().regex(SHA256_PATTERN, 'expected a lowercase hex sha256');
const Timestamp = z.iso.datetime({ offset: true });

export const RUN_STATUSES = ['running', 'succeeded', 'failed', 'canceled', 'interrupted'] as const;
export const RunStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** `skipped`: never ran because the run ended first (an upstream call failed, or the user canceled). */
export const CALL_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'canceled', 'skipped', 'interrupted'] as const;
export const RunCallStatusSchema = z.enum(CALL_STATUSES);
export type RunCallStatus = z.infer<typeof RunCallStatusSchema>;

export const RunOutputSchema = z.object({
  sha256: Sha256,
  mediaType: z.enum(IMAGE_MEDIA_TYPES),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
});
export type RunOutput = z.infer<typeof RunOutputSchema>;

export const RunCallSchema = z.object({
  /** The workflow node this call belongs to. */
  node: z.string().min(1),
  /** Cache key, when the plan computed one. */
  key: Sha256.optional(),
  model: z.string().min(1),
  version: z.string().min(1).nullable(),
  /** Exactly as sent (images as {"$blob": sha256}). Never contains credentials. */
  input: z.record(z.string(), z.json()),
  seed: z.number().int().optional(),
  status: RunCallStatusSchema,
  predictionId: z.string().min(1).optional(),
  /** The prediction was made by an earlier run that died; this run adopted it instead of paying again. */
  resumed: z.boolean().optional(),
  cached: z.boolean(),
  error: z.string().optional(),
  startedAt: Timestamp.optional(),
  finishedAt: Timestamp.optional(),
  /** Seconds of billed GPU time. */
  predictTime: z.number().nonnegative().optional(),
  /** US dollars, estimated from predict time and the model's price. */
  estimatedCost: z.number().nonnegative().optional(),
  outputs: z.array(RunOutputSchema),
});
export type RunCall = z.infer<typeof RunCallSchema>;

export const RunTotalsSchema = z.object({
  calls: z.number().int().nonnegative(),
  /** Answered from the cache. */
  cached: z.number().int().nonnegative(),
  /** Answered by a prediction that succeeded. */
  ran: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  predictTime: z.number().nonnegative(),
  estimatedCost: z.number().nonnegative(),
});
export type RunTotals = z.infer<typeof RunTotalsSchema>;

/** Which process is writing a run, so another process can tell a live run from one whose writer died. */
export const RunOwnerSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
});
export type RunOwner = z.infer<typeof RunOwnerSchema>;

export const RunRecordSchema = z.object({
  format: z.literal(RUN_RECORD_FORMAT),
  version: z.literal(RUN_RECORD_VERSION),
  id: z.string().regex(RUN_ID_PATTERN),
  workflowName: z.string().optional(),
  workflowPath: z.string().optional(),
  startedAt: Timestamp,
  finishedAt: Timestamp.optional(),
  /** Last time the owner wrote this file. */
  updatedAt: Timestamp,
  status: RunStatusSchema,
  owner: RunOwnerSchema.optional(),
  calls: z.array(RunCallSchema),
  totals: RunTotalsSchema,
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

/** A run without its calls, for lists. */
export type RunSummary = Omit<RunRecord, 'calls'>;
