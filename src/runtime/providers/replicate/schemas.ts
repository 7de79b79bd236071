// Replicate's answers, parsed rather than trusted. Only the fields Weft uses are required; anything
// else may come and go without breaking a run. `output` is whatever the model returned (a list of URLs
// for FLUX, but a single URL, null, or no files at all are legal too), normalised by `readOutput`.
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
  data_removed: z.boolean().optional(),
  urls: z.object({ web: z.string().optional() }).partial().nullish(),
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

/**
 * A succeeded prediction's output as the runner takes it: its file URLs in order, whatever the shape (a
 * list for FLUX, a single URL for a model that returns one `Path`, nothing for null), or, when the model
 * returned something other than files (text, numbers, an object), what it was, so the run can say so
 * instead of trying to download a sentence.
 */
export function readOutput(output: unknown): { urls: string[] } | { unusable: string } {
  if (output === null || output === undefined) return { urls: [] };
  if (isFileUrl(output)) return { urls: [output] };
  if (Array.isArray(output)) {
    const items = output.filter((item) => item !== null && item !== undefined);
    if (items.every(isFileUrl)) return { urls: items };
    return { unusable: items.every((item) => typeof item === 'string') ? 'a list of text' : 'a list of values that are not files' };
  }
  return { unusable: describeValue(output) };
}

/** What providers put in FinishedPrediction: the URLs, and the reason they are not usable when they are not. */
export function finishedOutput(succeeded: boolean, output: unknown): { output: string[]; unusableOutput?: string } {
  if (!succeeded) return { output: [] };
  const read = readOutput(output);
  return 'urls' in read ? { output: read.urls } : { output: [], unusableOutput: read.unusable };
}

/** Replicate answers files as https URLs, Cog as data URIs; a string of any other kind is the model's text. */
function isFileUrl(value: unknown): value is string {
  return typeof value === 'string' && /^(https?:\/\/|data:)/i.test(value.trim());
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `text ("${value.length > 40 ? `${value.slice(0, 39)}…` : value}")`;
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true or false';
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value);
    return keys.length ? `an object with the fields ${keys.slice(0, 6).join(', ')}` : 'an empty object';
  }
  return 'a value of an unknown kind';
}

/** A failed prediction's `error` is normally a string; anything else is shown as JSON. */
export function errorText(error: unknown): string | null {
  if (error === null || error === undefined || error === '') return null;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
