// Replicate models as nodes: `models.describe` reads a model version's schema and answers the entry a
// workflow stores for it (`models[ref]`) and what its node looks like (ports and params), so the editor
// can show it, then add it as `{ type: "model", model: ref }` with `entry` under the workflow's `models`.
import { z } from 'zod';
import { ModelEntrySchema } from '../engine/workflow/schema';
import { PORT_TYPES } from '../engine/ports';

export const DescribeModelRequest = z.object({
  /** `owner/name` (its latest version is pinned) or `owner/name:version`. */
  ref: z.string().trim().min(3).max(200),
});

const PortType = z.enum(PORT_TYPES);

export const PortSummarySchema = z.object({
  name: z.string(),
  type: PortType,
  label: z.string(),
  description: z.string().optional(),
  optional: z.boolean().optional(),
  multiple: z.boolean().optional(),
  accepts: z.array(PortType).optional(),
});

/** A param as the editor draws its widget: the facts of src/engine/params.ts without the zod schema. */
export const ParamSummarySchema = z.object({
  name: z.string(),
  kind: z.enum(['number', 'choice', 'text', 'boolean', 'seed']),
  label: z.string(),
  description: z.string(),
  optional: z.boolean(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  step: z.number().optional(),
  integer: z.boolean().optional(),
  options: z.array(z.string()).optional(),
  multiline: z.boolean().optional(),
  widget: z.string().optional(),
});

export const ModelProblemSchema = z.object({
  severity: z.enum(['error', 'info']),
  code: z.string(),
  message: z.string(),
});

export const DescribeModelResult = z.object({
  /** `owner/name:version`, the version pinned: the node's `model` and the key of `models`. */
  ref: z.string(),
  entry: ModelEntrySchema,
  definition: z.object({
    type: z.literal('model'),
    title: z.string(),
    description: z.string(),
    inputs: z.array(PortSummarySchema),
    outputs: z.array(PortSummarySchema),
    params: z.array(ParamSummarySchema),
    /** Errors mean the node cannot run (e.g. the model outputs text); notes do not stop it. */
    problems: z.array(ModelProblemSchema),
  }),
});
