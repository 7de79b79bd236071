// The `.weft` file, version 1, as zod schemas. Objects are loose: keys this version does not know are
// kept and saved back, so a file written by a newer Weft (or edited by hand) loses nothing here.
import { z } from 'zod';

export const WORKFLOW_FORMAT = 'weft-workflow';
export const CURRENT_WORKFLOW_VERSION = 1;

/** Media types an embedded asset may have: raster images only (never SVG or HTML). */
export const ASSET_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

const finite = z.number().refine(Number.isFinite, { error: 'must be a finite number' });

export const PositionSchema = z.looseObject({ x: finite, y: finite });

export const NodeSchema = z.looseObject({
  id: z.string().min(1, { error: 'node id must not be empty' }),
  type: z.string().min(1, { error: 'node type must not be empty' }),
  /**
   * `model` nodes only: the Replicate model they run, `owner/name:version`, a key of the workflow's
   * `models`. It sits beside `params`, not in them, because `params` are exactly the model's own inputs
   * and many models have an input called `model` (FLUX fine-tunes: dev or schnell).
   */
  model: z.string().optional(),
  position: PositionSchema,
  params: z.record(z.string(), z.unknown()).default({}),
  title: z.string().optional(),
});

export const EndpointSchema = z.looseObject({
  node: z.string().min(1),
  port: z.string().min(1),
});

export const EdgeSchema = z.looseObject({
  id: z.string().min(1, { error: 'edge id must not be empty' }),
  from: EndpointSchema,
  to: EndpointSchema,
});

/** One port a group shows outside: `name` on the group node stands for port `port` of inner node `node`. */
export const GroupPortSchema = z.looseObject({
  name: z.string().min(1, { error: 'port name must not be empty' }),
  node: z.string().min(1),
  port: z.string().min(1),
});

/**
 * A named sub-graph, used by nodes of type `group` (see src/engine/groups). Its inner nodes and edges are
 * written exactly as a workflow's; `inputs` and `outputs` are the ports its group nodes show.
 */
export const GroupSchema = z.looseObject({
  id: z.string().min(1, { error: 'group id must not be empty' }),
  name: z.string().min(1, { error: 'group name must not be empty' }),
  description: z.string().optional(),
  nodes: z.array(NodeSchema),
  edges: z.array(EdgeSchema),
  inputs: z.array(GroupPortSchema).default([]),
  outputs: z.array(GroupPortSchema).default([]),
});

export const AssetEntrySchema = z.looseObject({
  type: z.string(),
  data: z.string(),
});

/**
 * A Replicate model version's published schema, stored in the workflow so that its `model` nodes open,
 * validate and compile offline. Only the shape is checked here: the schema's content is read (and its
 * hash checked) when a node uses it, so a damaged entry is a diagnostic on those nodes, not a load failure.
 */
export const ModelEntrySchema = z.looseObject({
  /** The version's `openapi_schema.components.schemas`, trimmed to `Input`, `Output` and the schemas they refer to. */
  schema: z.record(z.string(), z.unknown()),
  /** sha256 (lowercase hex) of the canonical JSON of `schema`. */
  schemaHash: z.string(),
  /** When Weft read the schema from Replicate (ISO 8601). */
  fetchedAt: z.string().optional(),
});

export const WorkflowSchema = z.looseObject({
  format: z.literal(WORKFLOW_FORMAT),
  version: z.literal(CURRENT_WORKFLOW_VERSION),
  name: z.string().optional(),
  nodes: z.array(NodeSchema),
  edges: z.array(EdgeSchema),
  assets: z.record(z.string(), AssetEntrySchema).default({}),
  /** Sub-graphs that `group` nodes stand for; absent in workflows without groups. */
  groups: z.array(GroupSchema).optional(),
  /** Schemas of the Replicate models that `model` nodes run, keyed by `owner/name:version`. */
  models: z.record(z.string(), ModelEntrySchema).optional(),
  /** Editor state (viewport, selection, collapsed nodes): never read by compile, never in a cache key. */
  ui: z.record(z.string(), z.unknown()).optional(),
});

export type WorkflowNode = z.infer<typeof NodeSchema>;
export type WorkflowEdge = z.infer<typeof EdgeSchema>;
export type AssetEntry = z.infer<typeof AssetEntrySchema>;
export type ModelEntry = z.infer<typeof ModelEntrySchema>;
export type GroupPort = z.infer<typeof GroupPortSchema>;
export type Group = z.infer<typeof GroupSchema>;
export type Workflow = z.infer<typeof WorkflowSchema>;

export function emptyWorkflow(name?: string): Workflow {
  return { format: WORKFLOW_FORMAT, version: CURRENT_WORKFLOW_VERSION, ...(name ? { name } : {}), nodes: [], edges: [], assets: {} };
}
