// Compile, run, cancel, and the events of a run.
import { z } from 'zod';
import { DiagnosticSchema, OutputRefSchema, WorkflowPayload } from './common';
import { DocumentId } from './documents';

export const CompileRequest = z.object({ documentId: DocumentId, workflow: WorkflowPayload });

/** Before running: what each call will do, and why. */
export const CallState = z.object({
  /** The call's id: its node's id, or `<node>#<k>` for one of the calls a swept node expands into; `<group node>/<inner id>` inside a group. */
  node: z.string(),
  /** The node on the canvas the call belongs to: its own node, or the group node that holds it. */
  source: z.string(),
  /** For a swept node, what this call's sweep values are ("seed=7, guidance=3.5"). */
  label: z.string().optional(),
  state: z.enum(['cached', 'will-run', 'pending']),
  /** Why it will run or is pending: "random seed", "input changed since the last run", "waits for node a"... */
  reason: z.string().optional(),
  key: z.string().nullable(),
  estimatedSeconds: z.number(),
  estimatedCost: z.number(),
  outputs: z.array(OutputRefSchema).optional(),
});

export const NodeInfoSchema = z.object({
  outputSize: z.object({ width: z.number(), height: z.number() }).optional(),
  effectiveLoraScale: z.number().optional(),
  finalPrompt: z.string().optional(),
  triggersAdded: z.array(z.string()).optional(),
  ignoredParams: z.array(z.string()).optional(),
  wiredParams: z.array(z.string()).optional(),
  mode: z.enum(['text-to-image', 'img2img', 'inpainting', 'inversion']).optional(),
});

export const CompileResult = z.object({
  diagnostics: z.array(DiagnosticSchema),
  calls: z.array(CallState),
  nodes: z.record(z.string(), NodeInfoSchema),
  /** Calls that will really run (cache hits excluded), and what they should cost. */
  summary: z.object({ calls: z.number(), toRun: z.number(), cached: z.number(), estimatedCost: z.number(), estimatedSeconds: z.number() }),
});

export const RunRequest = z.object({ documentId: DocumentId, workflow: WorkflowPayload, only: z.string().optional() });
export const RunStarted = z.object({ runId: z.string() });
export const CancelRequest = z.object({ runId: z.string(), node: z.string().optional() });

const base = { runId: z.string() };
const call = { ...base, node: z.string() };
export const RunStatusSchema = z.enum(['running', 'succeeded', 'failed', 'canceled', 'interrupted']);
export const RunTotalsSchema = z.object({
  calls: z.number(),
  cached: z.number(),
  ran: z.number(),
  failed: z.number(),
  canceled: z.number(),
  predictTime: z.number(),
  cost: z.number(),
  elapsedMs: z.number(),
});

export const RunEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run-started'), ...base, at: z.string(), calls: z.array(z.object({ node: z.string(), key: z.string().nullable() })) }),
  z.object({ type: z.literal('call-queued'), ...call }),
  z.object({ type: z.literal('call-cached'), ...call, key: z.string(), outputs: z.array(OutputRefSchema) }),
  z.object({ type: z.literal('call-uploading'), ...call, images: z.number() }),
  z.object({ type: z.literal('call-starting'), ...call, key: z.string(), predictionId: z.string(), resumed: z.literal(true).optional() }),
  z.object({ type: z.literal('call-progress'), ...call, percent: z.number().nullable(), step: z.number().optional(), total: z.number().optional(), log: z.string().optional() }),
  z.object({
    type: z.literal('call-succeeded'),
    ...call,
    key: z.string(),
    predictionId: z.string(),
    outputs: z.array(OutputRefSchema),
    predictTime: z.number().optional(),
    cost: z.number().optional(),
  }),
  z.object({ type: z.literal('call-failed'), ...call, error: z.string(), predictionId: z.string().optional(), blockedBy: z.string().optional() }),
  z.object({ type: z.literal('call-canceled'), ...call }),
  z.object({ type: z.literal('run-finished'), ...base, at: z.string(), status: RunStatusSchema, totals: RunTotalsSchema }),
]);
export type RunEventPayload = z.infer<typeof RunEventSchema>;
