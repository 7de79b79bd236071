// Adding a model to a workflow: its schema goes into `models` (replacing an older copy of the same
// version) and a `model` node that runs it is placed to the right of the graph. Pure: the caller saves.
import type { ModelEntry, Workflow, WorkflowNode } from '../workflow/schema';
import { MODEL_NODE_TYPE } from './model-definition';

export interface AddModelNode {
  /** `owner/name:version`. */
  ref: string;
  entry: ModelEntry;
  /** The new node's id; by default the model's name, made unique. */
  id?: string;
  position?: { x: number; y: number };
}

/** Room between the rightmost node and the new one, as the editor spaces nodes. */
const COLUMN_WIDTH = 380;

export function addModelNode(workflow: Workflow, request: AddModelNode): { workflow: Workflow; node: WorkflowNode } | { error: string } {
  const taken = new Set(workflow.nodes.map((n) => n.id));
  const id = request.id ?? uniqueId(request.ref, taken);
  if (id.trim() === '') return { error: 'the node id must not be empty' };
  if (taken.has(id)) return { error: `the workflow already has a node ${id}: choose another id` };
  const position = request.position ?? { x: workflow.nodes.length ? Math.max(...workflow.nodes.map((n) => n.position.x)) + COLUMN_WIDTH : 0, y: 0 };
  const node: WorkflowNode = { id, type: MODEL_NODE_TYPE, model: request.ref, position, params: {} };
  return { workflow: { ...workflow, nodes: [...workflow.nodes, node], models: { ...workflow.models, [request.ref]: request.entry } }, node };
}

/** "owner/flux-fine-tune:abc…" -> "flux-fine-tune", or "flux-fine-tune-2" when that is taken. */
function uniqueId(ref: string, taken: ReadonlySet<string>): string {
  const name = ref.split(':')[0]!.split('/').pop() ?? 'model';
  const base = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
