// The provenance Weft writes into every image it saves: the workflow (seeds pinned to the values used),
// the exact call, the model version and Weft's version. Never the token: nothing here ever holds it.
import { z } from 'zod';
import { innerPathOfCall, overrideKey, WorkflowSchema, type PlannedCall, type Workflow } from '../../engine';

export const PROVENANCE_FORMAT = 'weft-provenance';

export const ProvenanceSchema = z.object({
  format: z.literal(PROVENANCE_FORMAT),
  version: z.literal(1),
  weft: z.string(),
  /** When the image was made; left out where equal calls must give equal files (run outputs). */
  createdAt: z.string().optional(),
  /** The whole graph, each sampler's seed pinned to the one its call used, so opening it re-runs exactly. */
  workflow: WorkflowSchema,
  /** True when the workflow's embedded images were left out to keep the metadata small. */
  assetsOmitted: z.boolean(),
  call: z.object({
    node: z.string(),
    model: z.string(),
    version: z.string(),
    key: z.string().nullable(),
    seed: z.number(),
    input: z.record(z.string(), z.unknown()),
    predictionId: z.string().optional(),
  }),
  output: z.object({ index: z.number() }),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

/** Embedded images larger than this are left out of the metadata (the sidecar and the .weft keep them). */
const MAX_EMBEDDED_ASSET_BYTES = 1_500_000;

export interface ProvenanceInput {
  workflow: Workflow;
  calls: readonly PlannedCall[];
  call: PlannedCall;
  index: number;
  weftVersion: string;
  predictionId?: string;
  /** Omit for files that must be byte-identical across runs of the same call. */
  now?: Date;
}

/**
 * Samplers inside a group have no node of their own on the canvas: their seeds are pinned as overrides of
 * the group node (`"s1.seed": 7`). A swept call is left as it is, as outside groups: its sweep stays.
 */
function seedOverridesOf(calls: readonly PlannedCall[]): Map<string, Record<string, number>> {
  const byGroupNode = new Map<string, Record<string, number>>();
  for (const call of calls) {
    const inner = call.variant || !('seed' in call.input) ? undefined : innerPathOfCall(call);
    if (inner === undefined) continue;
    const pinned = byGroupNode.get(call.source) ?? {};
    pinned[overrideKey(inner, 'seed')] = call.seed;
    byGroupNode.set(call.source, pinned);
  }
  return byGroupNode;
}

/** What every image of one run shares: the workflow with every seed pinned, and Weft's version. */
export type RunProvenance = Pick<Provenance, 'weft' | 'workflow' | 'assetsOmitted'>;

/** One call as provenance names it; its prediction id joins it once the call has run. */
export type ProvenanceCall = Omit<Provenance['call'], 'predictionId'>;
export const ProvenanceCallSchema = ProvenanceSchema.shape.call.omit({ predictionId: true });

export function runProvenance(source: Pick<ProvenanceInput, 'workflow' | 'calls' | 'weftVersion'>): RunProvenance {
  // Only calls that send a seed pin one: a model node whose model takes no seed has no seed param.
  const seeds = new Map(source.calls.filter((c) => 'seed' in c.input).map((c) => [c.node, c.seed] as const));
  const groupSeeds = seedOverridesOf(source.calls);
  const nodes = source.workflow.nodes.map((node) => {
    if (seeds.has(node.id)) return { ...node, params: { ...node.params, seed: seeds.get(node.id)! } };
    const pinned = groupSeeds.get(node.id);
    if (!pinned) return node;
    const overrides = node.params.overrides !== null && typeof node.params.overrides === 'object' ? node.params.overrides : {};
    return { ...node, params: { ...node.params, overrides: { ...overrides, ...pinned } } };
  });
  const assetBytes = Object.values(source.workflow.assets).reduce((sum, a) => sum + a.data.length, 0);
  const assetsOmitted = assetBytes > MAX_EMBEDDED_ASSET_BYTES;
  const { ui: _ui, ...rest } = source.workflow;
  return { weft: source.weftVersion, workflow: { ...rest, nodes, assets: assetsOmitted ? {} : source.workflow.assets }, assetsOmitted };
}

export function provenanceCall(call: PlannedCall): ProvenanceCall {
  return { node: call.node, model: call.model, version: call.version, key: call.key, seed: call.seed, input: call.input };
}

/**
 * The provenance of output `index` of `call`. Run outputs (write-outputs) and images saved later from the
 * gallery (images.save) both come through here, so the two carry the same record for the same image.
 */
export function provenanceOf(run: RunProvenance, call: ProvenanceCall, index: number, extra: { predictionId?: string | undefined; now?: Date | undefined } = {}): Provenance {
  return {
    format: PROVENANCE_FORMAT,
    version: 1,
    weft: run.weft,
    ...(extra.now ? { createdAt: extra.now.toISOString() } : {}),
    workflow: run.workflow,
    assetsOmitted: run.assetsOmitted,
    call: { ...call, ...(extra.predictionId ? { predictionId: extra.predictionId } : {}) },
    output: { index },
  };
}

export function buildProvenance(source: ProvenanceInput): Provenance {
  return provenanceOf(runProvenance(source), provenanceCall(source.call), source.index, { predictionId: source.predictionId, now: source.now });
}

export function parseProvenance(text: string): Provenance | undefined {
  try {
    const parsed = ProvenanceSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
