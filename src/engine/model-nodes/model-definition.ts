// A node type made from a Replicate model version's schema: its inputs become params, image ports and
// text ports (input-fields.ts), its output becomes image ports (output-ports.ts), and evaluating it makes
// one call to that exact version with the input the schema describes. A text port and the param of the
// same name are one input: a wired prompt's text is sent instead of what the param holds.
import type { Diagnostic } from '../diagnostics';
import type { Evaluation, NodeDefinition } from '../node-definition';
import type { ParamSpecs } from '../params';
import type { ModelRef } from '../models/refs';
import { imageInput } from '../models/sampler-request';
import type { ImageRef, Value } from '../values';
import type { CogSchema } from './cog-schema';
import { inputFields, type InputField } from './input-fields';
import { modelOutput } from './output-ports';

/** The type of every node that runs a model from the workflow's `models`. */
export const MODEL_NODE_TYPE = 'model';

/** Something about the model itself that every compile reports on its nodes. */
export type ModelProblem = Omit<Diagnostic, 'node'> & { severity: 'error' | 'info' };

export interface ModelNode {
  definition: NodeDefinition;
  /** Errors stop the node (the model needs what Weft cannot give, or gives what Weft cannot use); notes do not. */
  problems: ModelProblem[];
}

export function buildModelNode(ref: ModelRef, schema: CogSchema): ModelNode {
  const fields = inputFields(schema);
  const output = modelOutput(schema.output);
  const problems: ModelProblem[] = [];
  if ('refusal' in output) problems.push({ severity: 'error', code: 'model-output-unusable', message: output.refusal });
  for (const field of fields) {
    if (field.kind !== 'unsupported') continue;
    problems.push(
      field.required
        ? { severity: 'error', code: 'model-input-unsupported', message: `the model requires input ${field.name}, ${field.what}, which Weft cannot set yet` }
        : { severity: 'info', code: 'model-input-unsupported', message: `input ${field.name} (${field.what}) cannot be set in Weft yet: the model uses its own default` },
    );
  }

  const params: ParamSpecs = {};
  for (const field of fields) if (field.kind === 'param' || field.kind === 'seed') params[field.name] = field.spec;
  const definition: NodeDefinition = {
    type: MODEL_NODE_TYPE,
    title: ref.model,
    description: `The Replicate model ${ref.model}, version ${ref.version.slice(0, 12)}: its inputs and outputs as that version publishes them.`,
    category: 'sampling',
    // In the schema's order, as the params: a model's prompt comes first, as on the sampler.
    inputs: fields.flatMap((field) => (field.kind === 'image' ? [field.port] : field.kind === 'param' && field.text ? [field.text.port] : [])),
    outputs: 'ports' in output ? output.ports : [],
    params,
    evaluate(ctx) {
      for (const problem of problems) ctx.diagnose(problem);
      if (problems.some((p) => p.severity === 'error') || !('shape' in output)) return {};
      const built = callInput(fields, ctx.params, ctx.inputs, ctx.crowdedInputs, ctx.env.randomSeed, (d) => ctx.diagnose(d));
      if (!built) return {};
      const image = { kind: 'image' as const, origin: ctx.callId, ref: { output: { node: ctx.callId, index: 0 } } };
      const count = typeof built.input.num_outputs === 'number' ? built.input.num_outputs : 1;
      const outputs: Evaluation['outputs'] = output.shape === 'list' ? { images: { kind: 'images', origin: ctx.callId, count }, image } : { image };
      const call = { model: ref.model, version: ref.version, input: built.input, seed: built.seed, randomSeed: built.randomSeed };
      // A param a wire drives is not what is sent: changing it (or sweeping it) costs no new prediction.
      return { call, outputs, ...(built.wired.length ? { info: { ignoredParams: built.wired, wiredParams: built.wired } } : {}) };
    },
  };
  return { definition, problems };
}

interface BuiltInput {
  input: Record<string, unknown>;
  /** The seed sent, or 0 for a model without a seed input. */
  seed: number;
  randomSeed: boolean;
  /** The text params whose value came from a wire, not from the param. */
  wired: string[];
}

/**
 * The exact input sent: every param that is set or has a default, in the schema's order; optional inputs
 * left unset are omitted (never sent as null), and so are optional text inputs without a default left
 * empty, since an emptied field means "unset" to a user. Images are `{ $image }` refs until the runtime
 * turns them into URLs.
 */
function callInput(
  fields: readonly InputField[],
  params: Record<string, unknown>,
  inputs: Record<string, Value[]>,
  crowded: ReadonlySet<string>,
  randomSeed: () => number,
  diagnose: (d: Omit<Diagnostic, 'node'>) => void,
): BuiltInput | undefined {
  // Text a wire drives first, so a node that cannot run draws no seed (the seeds of the nodes after it stay as they were).
  const texts = wiredTexts(fields, params, inputs, crowded, diagnose);
  if (!texts) return undefined;
  const input: Record<string, unknown> = {};
  let seed = 0;
  let drawn = false;
  for (const field of fields) {
    const { name } = field;
    switch (field.kind) {
      case 'param': {
        const value = texts.values.has(name) ? texts.values.get(name) : params[name];
        if (value === undefined) break;
        if (value === '' && field.spec.optional && (field.spec as { default?: unknown }).default === undefined) break;
        input[name] = field.encode ? field.encode(value) : value;
        break;
      }
      case 'seed': {
        const chosen = params[name];
        if (chosen === 'random') {
          // The sampler's rule: drawn now and recorded, never 0 (many models read 0 as "random" again),
          // folded into the model's own range when it publishes a narrower one.
          const low = Math.max(1, field.min);
          seed = field.max < low ? field.max : low + ((randomSeed() - 1) % (field.max - low + 1));
          drawn = true;
        } else {
          seed = chosen as number;
          if (seed < field.min || seed > field.max) {
            diagnose({ severity: 'error', code: 'seed-out-of-range', param: name, message: `must be "random" or a whole number between ${field.min} and ${field.max} for this model` });
            return undefined;
          }
        }
        input[name] = seed;
        break;
      }
      case 'image': {
        const refs = (inputs[name] ?? []).flatMap((value) => (hasRef(value) ? [imageInput(value.ref)] : []));
        if (refs.length) input[name] = field.list ? refs : refs[0];
        break;
      }
      case 'unsupported':
        break;
    }
  }
  return { input, seed, randomSeed: drawn, wired: [...texts.values.keys()] };
}

/**
 * The text of each prompt wired into a text port, checked as its param would check it if typed there (a
 * model's maxLength) but reported on the port; undefined, after saying why, when a wired text is refused or
 * a text the model requires is neither wired nor set. A port with several edges has no one text: compile
 * has said so, so it fails here without a second, misleading "missing".
 */
function wiredTexts(
  fields: readonly InputField[],
  params: Record<string, unknown>,
  inputs: Record<string, Value[]>,
  crowded: ReadonlySet<string>,
  diagnose: (d: Omit<Diagnostic, 'node'>) => void,
): { values: Map<string, string> } | undefined {
  const values = new Map<string, string>();
  let failed = false;
  for (const field of fields) {
    if (field.kind !== 'param' || !field.text) continue;
    const { name } = field;
    if (crowded.has(name)) {
      failed = true;
      continue;
    }
    const wired = inputs[name]?.[0];
    if (wired?.kind === 'text') {
      const checked = field.spec.schema.safeParse(wired.text);
      if (checked.success) values.set(name, wired.text);
      else {
        diagnose({ severity: 'error', code: 'input-invalid', port: name, message: `the text wired here ${checked.error.issues[0]?.message ?? 'is not valid'}` });
        failed = true;
      }
    } else if (params[name] === undefined && field.text.required) {
      const label = field.spec.label.toLowerCase();
      diagnose({ severity: 'error', code: 'param-invalid', param: name, message: `is missing: ${label} is required (type it, or wire a prompt into the node's ${field.text.port.label} input)` });
      failed = true;
    }
  }
  return failed ? undefined : { values };
}

function hasRef(value: Value): value is Extract<Value, { ref: ImageRef }> {
  return 'ref' in value;
}
