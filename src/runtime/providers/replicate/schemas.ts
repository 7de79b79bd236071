// Replicate's answers, parsed rather than trusted. Only the fields Weft uses are required; anything
// else may come and go without breaking a run. `output` is whatever the model returned (a list of URLs
// for FLUX, but a single URL or null are legal too), normalised by `outputUrls`.
import { z } from 'zod';

export const PredictionStatusSchema = z.enum(['starting', 'processing', 'succeeded', 'failed', 'canceled', 'aborted']);

export const PredictionSchema = z.object({
  id: z.string().min(1),
  status: PredictionStatusSchema,
  version: z.string().optional(),
  input: z.record(z.string(), z.unknown()).optional(),
  output: z.unknown().optional(),
  logs: z.string().nullish(),
  error: z.unknown().optional(),
  created_at: z.string().nullish(),
  completed_at: z.string().nullish(),
  metrics: z
    .object({ predict_time: z.number().nonnegative().optional(), total_time: z.number().nonnegative().optional() })
    .partial()
    .nullish(),
});
export type PredictionJson = z.infer<typeof PredictionSchema>;

export const PredictionPageSchema = z.object({
  results: z.array(z.unknown()),
  next: z.string().nullish(),
});

export const FileObjectSchema = z.object({
  id: z.string().min(1),
  expires_at: z.string().nullish(),
  urls: z.object({ get: z.string().url() }),
});
export type FileObjectJson = z.infer<typeof FileObjectSchema>;

/** `{title, detail, status}`, plus `invalid_fields` for input validation failures. */
export const ApiErrorBodySchema = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  status: z.number().optional(),
  invalid_fields: z
    .array(z.object({ type: z.string().optional(), field: z.string().optional(), description: z.string().optional() }))
    .optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

/** Every output file URL, in order, whatever shape the model's output has. */
export function outputUrls(output: unknown): string[] {
  if (output === null || output === undefined) return [];
  if (typeof output === 'string') return [output];
  if (Array.isArray(output)) return output.filter((item): item is string => typeof item === 'string');
  return [];
}

/** A failed prediction's `error` is normally a string; anything else is shown as JSON. */
export function errorText(error: unknown): string | null {
  if (error === null || error === undefined || error === '') return null;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
