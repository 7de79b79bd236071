// A Plan: what a workflow means, as calls to run and diagnostics to show.
import type { Diagnostic } from '../diagnostics';
import type { GridLayout, NodeInfo, OutputSink } from '../node-definition';
import type { CallEstimate } from '../models/cost';

export interface PlannedCall {
  /**
   * The call's id: its node's id, or `<node>#<k>` when sweeps expand the node into several calls. Inside a
   * group the node's id is `<group node>/<inner id>` (see src/engine/groups).
   */
  node: string;
  /** The node on the canvas the call belongs to: its own node, or the group node that holds it. */
  source: string;
  /** For a swept node: where along each sweep axis this call sits, and a label saying it ("seed=7"). */
  variant?: { position: Record<string, number>; label: string };
  model: string;
  version: string;
  input: Record<string, unknown>;
  /** Samplers whose outputs this call's input uses: it can start once they have succeeded. */
  after: string[];
  /** The cache key, or null until every image in the input is known by its bytes. */
  key: string | null;
  seed: number;
  randomSeed: boolean;
  /** Run on this Replicate deployment (`owner/name`), which must serve `version`; absent: the public model. */
  deployment?: string;
  estimate: CallEstimate;
}

export interface Plan {
  calls: PlannedCall[];
  diagnostics: Diagnostic[];
  outputs: OutputSink[];
  /** XY grids of sweep results, drawn after the run. */
  grids: GridLayout[];
  /** Per node: what the UI shows beside it (real output size, effective LoRA scale, final prompt...). */
  nodes: Record<string, NodeInfo>;
}
