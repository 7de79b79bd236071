// The one place compile (and the editor) learn what a node is: a static node type from the catalog, or,
// for a `model` node, a definition built from the schema the workflow stores for its model. A `model` node
// whose schema is missing, damaged or unreadable gets a located error instead of a definition.
import type { Catalog, NodeDefinition } from '../node-definition';
import { parseModelVersion } from '../models/refs';
import type { ModelEntry, Workflow, WorkflowNode } from '../workflow/schema';
import { readCogSchema } from './cog-schema';
import { buildModelNode, MODEL_NODE_TYPE, type ModelNode } from './model-definition';
import { entryIntact } from './model-entry';

export interface NodeProblem {
  code: string;
  message: string;
}

/** A node's definition; a problem that keeps a known kind of node from having one; undefined for an unknown type. */
export type NodeLookup = { definition: NodeDefinition } | { problem: NodeProblem } | undefined;

export function nodeDefinitions(workflow: Pick<Workflow, 'models'>, catalog: Catalog): (node: WorkflowNode) => NodeLookup {
  return (node) => {
    if (node.type !== MODEL_NODE_TYPE) {
      const definition = catalog.get(node.type);
      return definition ? { definition } : undefined;
    }
    const found = modelNodeFor(node.model, workflow.models);
    return 'problem' in found ? found : { definition: found.definition };
  }
}

/** The built model node behind a `model` node's `model` field, or why there is none. */
export function modelNodeFor(model: string | undefined, models: Readonly<Record<string, ModelEntry>> | undefined): ModelNode | { problem: NodeProblem } {
  if (model === undefined || model.trim() === '') {
    return { problem: { code: 'model-missing', message: 'names no model: its "model" must be owner/name:version, a key of the workflow\'s models' } };
  }
  const ref = parseModelVersion(model);
  if ('error' in ref) return { problem: { code: 'model-invalid', message: `model "${model}" ${ref.error}` } };
  const key = `${ref.model}:${ref.version}`;
  const entry = models?.[key] ?? models?.[model];
  if (!entry) {
    return { problem: { code: 'model-schema-missing', message: `the workflow stores no schema for ${key}: add the model again (weft model add) so Weft can read its inputs` } };
  }
  return built(entry, key, () => {
    if (!entryIntact(entry)) {
      return { problem: { code: 'model-schema-hash', message: `the stored schema of ${key} does not match its schemaHash (the file was edited or damaged): add the model again to fetch it` } };
    }
    const schema = readCogSchema(entry.schema);
    if ('error' in schema) return { problem: { code: 'model-schema-invalid', message: `the stored schema of ${key} cannot be read: ${schema.error}` } };
    return buildModelNode(ref, schema);
  });
}

/**
 * Built once per stored entry and model: compile runs on every edit, and hashing and building a schema
 * each time would be wasted. Workflows are values (edits make new objects), so an entry's identity is
 * enough to know it has not changed.
 */
const builds = new WeakMap<ModelEntry, Map<string, ModelNode | { problem: NodeProblem }>>();

function built(entry: ModelEntry, key: string, build: () => ModelNode | { problem: NodeProblem }): ModelNode | { problem: NodeProblem } {
  let byKey = builds.get(entry);
  if (!byKey) builds.set(entry, (byKey = new Map()));
  let result = byKey.get(key);
  if (!result) byKey.set(key, (result = build()));
  return result;
}
