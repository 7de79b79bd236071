// The calls of a Plan as the steps of a stand-alone script: in dependency order, each input either a
// plain value, a local image file shipped beside the script, or an output of an earlier step.
import type { PlannedCall, Plan } from '../compile/plan';
import type { ImageRef } from '../values';

export type StepInput =
  | { kind: 'value'; value: unknown }
  | { kind: 'file'; path: string; mediaType: string }
  | { kind: 'output'; step: string; index: number };

export interface ScriptStep {
  /** A name usable as a variable in every target language. */
  name: string;
  node: string;
  model: string;
  version: string;
  input: [key: string, value: StepInput][];
}

export interface ExportImage {
  /** The file's path relative to the script, with forward slashes. */
  path: string;
  mediaType: string;
}

export interface ExportOptions {
  /** Where each image the calls need (by sha256) will sit beside the script. */
  imageFile(sha256: string): ExportImage | undefined;
  /** Export only the calls this node needs, as "run to here" does. */
  only?: string;
  title?: string;
}

export class ExportError extends Error {}

export function scriptSteps(plan: Plan, options: ExportOptions): ScriptStep[] {
  const calls = selected(plan, options.only);
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const call of calls) {
    let name = `step_${call.node.replace(/[^A-Za-z0-9_]/g, '_')}`;
    while (used.has(name)) name = `${name}_`;
    used.add(name);
    names.set(call.node, name);
  }
  return calls.map((call) => ({
    name: names.get(call.node)!,
    node: call.node,
    model: call.model,
    version: call.version,
    input: Object.entries(call.input).map(([key, value]) => [key, stepInput(call, key, value, names, options)] as [string, StepInput]),
  }));
}

function stepInput(call: PlannedCall, key: string, value: unknown, names: Map<string, string>, options: ExportOptions): StepInput {
  if (!value || typeof value !== 'object' || !('$image' in value)) return { kind: 'value', value };
  const ref = (value as { $image: ImageRef }).$image;
  if ('output' in ref) return { kind: 'output', step: names.get(ref.output.node)!, index: ref.output.index };
  if ('blob' in ref) {
    const file = options.imageFile(ref.blob);
    if (!file) throw new ExportError(`node ${call.node}: the image for ${key} is not in the cache; run the workflow or check its image nodes first`);
    return { kind: 'file', path: file.path, mediaType: file.mediaType };
  }
  throw new ExportError(`node ${call.node}: the image for ${key} has not been read yet (${ref.pending.kind} ${'path' in ref.pending ? ref.pending.path : ''})`);
}

function selected(plan: Plan, only: string | undefined): PlannedCall[] {
  if (plan.calls.length === 0) throw new ExportError('the workflow has no calls to export (is every sampler free of errors?)');
  if (only === undefined) return plan.calls;
  const byNode = new Map(plan.calls.map((c) => [c.node, c] as const));
  if (!byNode.has(only)) throw new ExportError(`node ${only} is not a sampler with a call in this workflow`);
  const needed = new Set<string>();
  const visit = (node: string) => {
    if (needed.has(node)) return;
    needed.add(node);
    byNode.get(node)?.after.forEach(visit);
  };
  visit(only);
  return plan.calls.filter((c) => needed.has(c.node));
}
