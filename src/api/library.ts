// History, gallery, cache, settings, the token and image import.
import { z } from 'zod';
import { OutputRefSchema, Sha256 } from './common';
import { RunStatusSchema, RunTotalsSchema } from './run';

export const HistoryListRequest = z.object({ limit: z.number().int().min(1).max(500).default(50) });
export const RunSummary = z.object({
  id: z.string(),
  workflowName: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  status: RunStatusSchema,
  totals: RunTotalsSchema.partial(),
});
export const HistoryList = z.object({ runs: z.array(RunSummary) });
export const HistoryGetRequest = z.object({ id: z.string() });
export const RunCallRecord = z.object({
  node: z.string(),
  key: z.string().optional(),
  model: z.string(),
  version: z.string(),
  input: z.record(z.string(), z.unknown()),
  seed: z.number().optional(),
  status: z.string(),
  predictionId: z.string().optional(),
  cached: z.boolean(),
  error: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  predictTime: z.number().optional(),
  estimatedCost: z.number().optional(),
  outputs: z.array(OutputRefSchema.partial({ size: true })),
});
export const RunDetail = RunSummary.extend({ calls: z.array(RunCallRecord) });

/** One output image with where it came from, for the gallery. */
export const GalleryItem = z.object({
  output: OutputRefSchema.partial({ size: true }),
  runId: z.string(),
  node: z.string(),
  index: z.number(),
  model: z.string(),
  version: z.string(),
  seed: z.number().optional(),
  input: z.record(z.string(), z.unknown()),
  predictionId: z.string().optional(),
  finishedAt: z.string().optional(),
  predictTime: z.number().optional(),
  cost: z.number().optional(),
  workflowName: z.string().optional(),
});
export const GalleryList = z.object({ items: z.array(GalleryItem) });

export const CacheStatsSchema = z.object({ calls: z.number(), blobs: z.number(), bytes: z.number(), limitBytes: z.number(), folder: z.string() });
export const PruneRequest = z.object({ limitBytes: z.number().int().min(0).optional() });

export const ProviderSetting = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('replicate') }),
  z.object({ kind: z.literal('cog'), url: z.string().url() }),
]);
export const SettingsSchema = z.object({
  concurrency: z.number().int().min(1).max(64),
  cacheLimitBytes: z.number().int().min(100 * 1024 * 1024),
  cacheDir: z.string(),
  apiBaseUrl: z.string().url(),
  provider: ProviderSetting,
});
export type SettingsPayload = z.infer<typeof SettingsSchema>;
export const SettingsPatch = SettingsSchema.partial();

export const TokenStatus = z.object({
  configured: z.boolean(),
  /** Where it lives: the OS keychain, this process's memory only (no keyring), or the environment. */
  storage: z.enum(['keychain', 'memory', 'environment', 'none']),
  warning: z.string().optional(),
});
export const TokenSetRequest = z.object({ token: z.string().min(1).max(200) });
export const TokenTestResult = z.union([z.object({ ok: z.literal(true), account: z.string().optional() }), z.object({ ok: z.literal(false), error: z.string() })]);

export const ImportSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dialog') }),
  /** Bytes the renderer has (a drop or a paste), base64. */
  z.object({ kind: z.literal('bytes'), base64: z.string(), name: z.string().max(255).optional() }),
  z.object({ kind: z.literal('url'), url: z.string().url() }),
  /** An image already in the cache (an output dragged onto the canvas). */
  z.object({ kind: z.literal('blob'), sha256: Sha256 }),
]);
export const ImportResult = z.union([
  z.object({
    sha256: Sha256,
    mediaType: z.string(),
    width: z.number(),
    height: z.number(),
    size: z.number(),
    /** Base64 bytes, so the renderer can embed the image as a workflow asset. */
    data: z.string(),
  }),
  z.object({ canceled: z.literal(true) }),
]);

/**
 * Which output of which run an image is, as the gallery knows it: `node` is the call's id as history
 * records it (`<node>#<k>` for a swept call, `<group node>/<inner>` inside a group), `index` counts from 0.
 */
export const ImageSourceSchema = z.object({
  /** A run id as history makes them (src/runtime/history/run-id.ts). */
  runId: z.string().regex(/^\d{8}-\d{9}-[0-9a-f]{6}$/, 'must be a run id'),
  node: z.string().min(1).max(1000),
  index: z.number().int().min(0).max(1000),
});

export const SaveImageRequest = z.object({
  sha256: Sha256,
  target: z.discriminatedUnion('kind', [z.object({ kind: z.literal('dialog'), suggestedName: z.string().max(255) }), z.object({ kind: z.literal('path'), path: z.string() })]),
  /** With it, the saved file carries the provenance of that run, as the files the run wrote do. */
  source: ImageSourceSchema.optional(),
});

/** Why an image went out without its workflow: `message` says it to the user. */
export const MissingProvenanceSchema = z.object({
  reason: z.enum(['no-source', 'not-in-history', 'not-recorded']),
  message: z.string(),
});

export const SaveImageResult = z.union([
  z.object({
    savedTo: z.string(),
    /** The `<image>.json` provenance sidecar written beside it. */
    sidecar: z.string().optional(),
    /** Present when the image was saved as it is, without its workflow. */
    withoutWorkflow: MissingProvenanceSchema.optional(),
    /** Something else to tell the user (a sidecar left unwritten). */
    warning: z.string().optional(),
  }),
  z.object({ canceled: z.literal(true) }),
]);

export const AppInfo = z.object({
  version: z.string(),
  host: z.enum(['electron', 'web']),
  platform: z.string(),
  /** How images reach the renderer: `${imageBase}/<sha256>` (and `?thumb=256` for a downscaled copy). */
  imageBase: z.string(),
});
