// What a Cog container answers (cog's HTTP server): the prediction response of a synchronous
// `POST /predictions`, FastAPI's 422 body, and `GET /health-check`.
import { z } from 'zod';

export const CogPredictionSchema = z.object({
  id: z.string().nullish(),
  status: z.enum(['starting', 'processing', 'succeeded', 'failed', 'canceled']),
  output: z.unknown().optional(),
  error: z.unknown().optional(),
  logs: z.string().nullish(),
  created_at: z.string().nullish(),
  completed_at: z.string().nullish(),
  metrics: z.object({ predict_time: z.number().nonnegative().optional() }).partial().nullish(),
});

export const CogValidationErrorSchema = z.object({
  detail: z.array(z.object({ loc: z.array(z.union([z.string(), z.number()])).optional(), msg: z.string().optional() })),
});

export const COG_HEALTH_STATUSES = ['STARTING', 'READY', 'BUSY', 'SETUP_FAILED', 'DEFUNCT', 'UNHEALTHY'] as const;
export type CogHealthStatus = (typeof COG_HEALTH_STATUSES)[number];

export const CogHealthSchema = z.object({
  status: z.enum(COG_HEALTH_STATUSES),
  setup: z.object({ status: z.string().optional(), logs: z.string().nullish() }).partial().nullish(),
});
