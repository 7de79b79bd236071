// The emulator's three model versions as a workflow stores them, and workflows with `model` nodes.
import { modelEntryOf, type ModelEntry, type Workflow } from '../../../src/engine';
import { buildCatalog, FLUX_FINE_TUNE, FLUX_THOTH, INVERSIONS, type ModelRef } from '../../emulator/catalog';
import { workflow, type NodeList } from '../../helpers/build-workflow';

export const FETCHED_AT = new Date('2025-03-01T12:00:00.000Z');

export const refOf = (model: ModelRef) => `${model.ref}:${model.version}`;

/** The stored entry of one of the emulator's versions, exactly as `weft model add` would write it. */
export function storedEntry(model: ModelRef): ModelEntry {
  const version = buildCatalog().find((v) => v.id === model.version)!;
  const stored = modelEntryOf(version.openapi_schema, FETCHED_AT);
  if ('error' in stored) throw new Error(stored.error);
  return stored.entry;
}

export const EMULATOR_MODELS = { 'flux-thoth': FLUX_THOTH, inversions: INVERSIONS, 'flux-fine-tune': FLUX_FINE_TUNE } as const;

/** A workflow whose `model` nodes (type "model") run the given refs; `models` holds their stored entries. */
export function withModels(list: NodeList, edges: string[], models: Record<string, ModelRef>): Workflow {
  const wf = workflow(list, edges);
  const entries: Record<string, ModelEntry> = {};
  const nodes = wf.nodes.map((node) => {
    const model = models[node.id];
    if (!model) return node;
    entries[refOf(model)] = storedEntry(model);
    // Keys in the order Weft writes them (addModelNode), so a load/save round trip is byte for byte.
    const { id, type, ...rest } = node;
    return { id, type, model: refOf(model), ...rest };
  });
  return { ...wf, nodes, models: entries };
}
