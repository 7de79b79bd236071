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

export const AssetEntrySchema = z.looseObject({
  type: z.string(),
  data: z.string(),
});

export const WorkflowSchema = z.looseObject({
  format: z.literal(WORKFLOW_FORMAT),
  version: z.literal(CURRENT_WORKFLOW_VERSION),
  name: z.string().optional(),
  nodes: z.array(NodeSchema),
  edges: z.array(EdgeSchema),
  assets: z.record(z.string(), AssetEntrySchema).default({}),
  /** Editor state (viewport, selection, collapsed nodes): never read by compile, never in a cache key. */
  ui: z.record(z.string(), z.unknown()).optional(),
});

export type WorkflowNode = z.infer<typeof NodeSchema>;
export type WorkflowEdge = z.infer<typeof EdgeSchema>;
export type AssetEntry = z.infer<typeof AssetEntrySchema>;
export type Workflow = z.infer<typeof WorkflowSchema>;

export function emptyWorkflow(name?: string): Workflow {
  return { format: WORKFLOW_FORMAT, version: CURRENT_WORKFLOW_VERSION, ...(name ? { name } : {}), nodes: [], edges: [], assets: {} };
}
