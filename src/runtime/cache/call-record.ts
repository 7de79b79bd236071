/**
 * The on-disk record of one cached call: `<root>/calls/<aa>/<key>.json`.
 *
 * A record says "calling `model` at `version_id` with exactly `input` produced these images", with enough
 * provenance (prediction id, timings, seed) to explain where an output came from. Images in the input
 * appear as `{"$blob": "<sha256>"}`, the same identity the cache key was computed from. Only successful
 * predictions are ever recorded: there is deliberately no way to cache a failure.
 *
 * Last use is the file's mtime, not a field: a hit refreshes it with utimes instead of rewriting JSON.
 * `lastUsedAt` is filled in from the mtime when a record is read and never written.
 */
import { z } from 'zod';
import { IMAGE_MEDIA_TYPES } from './media-type';
import { SHA256_PATTERN } from './hash';

export const CALL_RECORD_FORMAT = 'weft-call';
export const CALL_RECORD_VERSION = 1;

const Sha256 = z.string().regex(SHA256_PATTERN, 'expected a lowercase hex sha256');
const Timestamp = z.iso.datetime({ offset: true });

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** An image inside a call's input, by the sha256 of its bytes. */
export const BlobRefSchema = z.strictObject({ $blob: Sha256 });
export type BlobRef = z.infer<typeof BlobRefSchema>;

/** Model input as sent (JSON); any object with a `$blob` key must be exactly a valid BlobRef. */
export const CallInputSchema = z.record(z.string(), z.json()).superRefine((input, ctx) => {
  walkJson(input, [], (value, path) => {
    if (isPlainObject(value) && '$blob' in value && !BlobRefSchema.safeParse(value).success) {
      ctx.addIssue({ code: 'custom', path, message: 'an image reference must be exactly {"$blob": "<sha256>"}' });
    }
  });
});

export const CallOutputSchema = z.object({
  sha256: Sha256,
  mediaType: z.enum(IMAGE_MEDIA_TYPES),
  size: z.number().int().positive(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
});
export type CallOutput = z.infer<typeof CallOutputSchema>;

export const PredictionInfoSchema = z.object({
  /** Replicate's prediction id, or the id the runner gave a local Cog prediction. */
  id: z.string().min(1),
  provider: z.enum(['replicate', 'cog']),
  /** Seconds of GPU time billed (Replicate's metrics.predict_time). */
  predictTime: z.number().nonnegative().optional(),
  /** Seconds from creation to completion, queueing included. */
  totalTime: z.number().nonnegative().optional(),
  createdAt: Timestamp.optional(),
  completedAt: Timestamp.optional(),
});
export type PredictionInfo = z.infer<typeof PredictionInfoSchema>;

export const CallRecordSchema = z.object({
  format: z.literal(CALL_RECORD_FORMAT),
  version: z.literal(CALL_RECORD_VERSION),
  /** sha256 of (model, version, input), computed by the engine. */
  key: Sha256,
  /** `owner/name`. */
  model: z.string().min(1),
  /** Null when the call ran a model by name (official models, deployments) rather than a pinned version. */
  version_id: z.string().min(1).nullable(),
  input: CallInputSchema,
  /** At least one image: a "success" with no output is not worth remembering. */
  outputs: z.array(CallOutputSchema).min(1),
  prediction: PredictionInfoSchema,
  seed: z.number().int().optional(),
  createdAt: Timestamp,
  lastUsedAt: Timestamp.optional(),
});
export type CallRecord = z.infer<typeof CallRecordSchema>;

/** Every sha256 a record depends on: its outputs and the images in its input (deduplicated). */
export function blobsReferencedBy(record: Pick<CallRecord, 'outputs' | 'input'>): string[] {
  const refs = new Set(record.outputs.map((output) => output.sha256));
  for (const sha of blobRefsIn(record.input)) refs.add(sha);
  return [...refs];
}

/** The sha256 of every `{"$blob": ...}` inside a JSON value. */
export function blobRefsIn(value: unknown): string[] {
  const found: string[] = [];
  walkJson(value, [], (node) => {
    const parsed = BlobRefSchema.safeParse(node);
    if (parsed.success) found.push(parsed.data.$blob);
  });
  return found;
}

function walkJson(value: unknown, path: PropertyKey[], visit: (value: unknown, path: PropertyKey[]) => void): void {
  visit(value, path);
  if (Array.isArray(value)) value.forEach((item, index) => walkJson(item, [...path, index], visit));
  else if (isPlainObject(value)) for (const [key, item] of Object.entries(value)) walkJson(item, [...path, key], visit);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
