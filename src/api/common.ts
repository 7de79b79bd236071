// Shapes shared by several API calls.
import { z } from 'zod';
import { WorkflowSchema } from '../engine/workflow/schema';

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 in lowercase hex');

/** A workflow crossing the API: validated as the file format is, so a host never trusts the renderer blindly. */
export const WorkflowPayload = WorkflowSchema;

export const DiagnosticSchema = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  code: z.string(),
  node: z.string().optional(),
  port: z.string().optional(),
  param: z.string().optional(),
  edge: z.string().optional(),
  /** Inside a group: `node` is the group node on the canvas, and this says where in the group. */
  inner: z.object({ node: z.string().optional(), port: z.string().optional(), param: z.string().optional(), edge: z.string().optional() }).optional(),
});

export const OutputRefSchema = z.object({
  sha256: Sha256,
  mediaType: z.string(),
  size: z.number(),
  width: z.number().optional(),
  height: z.number().optional(),
});
export type OutputRefPayload = z.infer<typeof OutputRefSchema>;

export const Empty = z.object({}).strict();

/** Every failed call answers this: a sentence for the user and a code for the UI to act on. */
export const ApiErrorSchema = z.object({
  error: z.string(),
  code: z.enum(['bad-request', 'not-found', 'conflict', 'io', 'token', 'internal', 'canceled']),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
