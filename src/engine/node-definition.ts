// The contract between the engine and the node catalog: a node type declares its ports and params and
// says what it contributes to a Plan. The engine walks the graph and calls `evaluate` in dependency
// order; it never knows node types by name.
import type { Diagnostic } from './diagnostics';
import type { CompileEnv } from './compile-env';
import type { ParamSpecs } from './params';
import type { PortSpec } from './ports';
import type { ImageSize, Value } from './values';
import type { AssetEntry } from './workflow/schema';

export type NodeCategory = 'input' | 'conditioning' | 'sampling' | 'output';

export interface CallDraft {
  model: string;
  version: string;
  /** Exactly what is sent to the model, images as `{ $image: ImageRef }` until the runtime resolves them. */
  input: Record<string, unknown>;
  seed: number;
  /** The seed was drawn at compile time because the param said "random". */
  randomSeed: boolean;
  /** `owner/name` of the user's Replicate deployment to run the call on, instead of the public model. */
  deployment?: string;
}

export interface OutputSink {
  node: string;
  folder?: string;
  prefix: string;
  /** Which sampler outputs reach this sink: all of them (`index` absent) or one. */
  sources: { node: string; index?: number }[];
}

/** An XY grid of sweep results, drawn by the runtime once the calls have run. */
export interface GridLayout {
  node: string;
  folder?: string;
  prefix: string;
  /** Column headings (the X axis values) and row headings (the Y axis values; one empty row without Y). */
  columns: string[];
  rows: string[];
  cells: { row: number; column: number; source: { node: string; index: number } }[];
}

/** Facts about a node the UI shows beside it: the real output size, the effective LoRA scale... */
export interface NodeInfo {
  outputSize?: ImageSize;
  effectiveLoraScale?: number;
  finalPrompt?: string;
  triggersAdded?: string[];
  /** Params that are not sent: the model ignores them here, or (wiredParams) a wire gives that input instead. */
  ignoredParams?: string[];
  /** Params whose input a wire drives (a prompt wired into a model node's text port); also in ignoredParams. */
  wiredParams?: string[];
  mode?: 'text-to-image' | 'img2img' | 'inpainting' | 'inversion';
}

export interface EvaluateContext {
  nodeId: string;
  /**
   * The id this evaluation's call and outputs carry: the node id, or `<node>#<k>` for the k-th variant of
   * a node that sweeps expand into several calls.
   */
  callId: string;
  /** Params parsed against the node's schema, defaults filled in. */
  params: Record<string, unknown>;
  /** The params the file actually sets (the rest took their defaults). */
  explicitParams: ReadonlySet<string>;
  /** The values arriving at each connected input, in edge order. */
  inputs: Record<string, Value[]>;
  /**
   * Single inputs with more than one edge: already reported, and left out of `inputs`. A node must not
   * call them missing too.
   */
  crowdedInputs: ReadonlySet<string>;
  assets: Readonly<Record<string, AssetEntry>>;
  env: CompileEnv;
  diagnose(diagnostic: Omit<Diagnostic, 'node'>): void;
}

export interface Evaluation {
  /** Values on output ports. A node that found errors returns none, and its dependents are blocked. */
  outputs?: Record<string, Value>;
  call?: CallDraft;
  sink?: OutputSink;
  grid?: GridLayout;
  info?: NodeInfo;
}

export interface NodeDefinition {
  type: string;
  title: string;
  description: string;
  category: NodeCategory;
  inputs: readonly PortSpec[];
  outputs: readonly PortSpec[];
  params: ParamSpecs;
  /** Params shown by a special widget instead of the generic ones (the mask painter, the image picker). */
  widget?: 'image-source' | 'mask-painter';
  evaluate(ctx: EvaluateContext): Evaluation;
}

export type Catalog = ReadonlyMap<string, NodeDefinition>;

export function makeCatalog(definitions: readonly NodeDefinition[]): Catalog {
  const map = new Map<string, NodeDefinition>();
  for (const d of definitions) {
    if (map.has(d.type)) throw new Error(`node type ${d.type} is defined twice`);
    map.set(d.type, d);
  }
  return map;
}
