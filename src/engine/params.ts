// Param declarations: one place that yields both the zod schema the loader and compiler validate with
// and the facts the editor draws a widget from (range, step, default, options, help text). Error
// messages are written here for users, not left to zod's defaults.
import { z } from 'zod';

interface ParamBase {
  label: string;
  /** Help text shown to users; for model inputs it is the seed's own description. */
  description: string;
  /** The param may be left unset; `default` then says what unset means, if anything. */
  optional?: boolean;
}

export interface NumberParam extends ParamBase {
  kind: 'number';
  min: number;
  max: number;
  step: number;
  integer: boolean;
  default?: number;
  /** Shown when the param is unset and its meaning depends on context ("model default"). */
  unsetLabel?: string;
}

export interface ChoiceParam extends ParamBase {
  kind: 'choice';
  options: readonly string[];
  default?: string;
}

export interface TextParam extends ParamBase {
  kind: 'text';
  multiline: boolean;
  default?: string;
  placeholder?: string;
  /** Which special editor serves this text (a LoRA source field, a file path, an https URL...). */
  widget?: 'lora-source' | 'path' | 'url' | 'asset' | 'model-version' | 'folder';
}

export interface BooleanParam extends ParamBase {
  kind: 'boolean';
  default?: boolean;
  unsetLabel?: string;
}

export interface SeedParam extends ParamBase {
  kind: 'seed';
  default: 'random';
}

export type ParamSpec = (NumberParam | ChoiceParam | TextParam | BooleanParam | SeedParam) & {
  schema: z.ZodType;
};

function finish<T extends Omit<ParamSpec, 'schema'>>(spec: T, schema: z.ZodType): T & { schema: z.ZodType } {
  let s: z.ZodType = schema;
  const def = (spec as { default?: unknown }).default;
  if (def !== undefined) s = (s as z.ZodType<unknown>).default(def as never) as unknown as z.ZodType;
  else if (spec.optional) s = s.optional();
  return { ...spec, schema: s };
}

function numberRangeMessage(min: number, max: number, integer: boolean): string {
  return `must be ${integer ? 'a whole number ' : ''}between ${min} and ${max}`;
}

export function numberParam(spec: Omit<NumberParam, 'kind' | 'step' | 'integer'> & { step?: number; integer?: boolean }): NumberParam & { schema: z.ZodType } {
  const integer = spec.integer ?? false;
  const message = numberRangeMessage(spec.min, spec.max, integer);
  let schema = z.number({ error: `${message}` });
  if (integer) schema = schema.int({ error: message });
  schema = schema.min(spec.min, { error: message }).max(spec.max, { error: message });
  return finish({ ...spec, kind: 'number' as const, integer, step: spec.step ?? (integer ? 1 : 0.01) }, schema);
}

export function choiceParam(spec: Omit<ChoiceParam, 'kind'>): ChoiceParam & { schema: z.ZodType } {
  const message = `must be one of ${spec.options.map((o) => JSON.stringify(o)).join(', ')}`;
  const schema = z.string({ error: message }).refine((v) => spec.options.includes(v), { error: message });
  return finish({ ...spec, kind: 'choice' as const }, schema);
}

export function textParam(
  spec: Omit<TextParam, 'kind' | 'multiline'> & { multiline?: boolean; maxLength?: number },
): TextParam & { schema: z.ZodType } {
  const { maxLength, ...rest } = spec;
  let schema = z.string({ error: 'must be text' });
  if (maxLength !== undefined) schema = schema.max(maxLength, { error: `must be at most ${maxLength} characters` });
  return finish({ ...rest, kind: 'text' as const, multiline: spec.multiline ?? false }, schema);
}

export function booleanParam(spec: Omit<BooleanParam, 'kind'>): BooleanParam & { schema: z.ZodType } {
  return finish({ ...spec, kind: 'boolean' as const }, z.boolean({ error: 'must be true or false' }));
}

/** The largest seed Weft draws or accepts: JSON-safe and within every FLUX predictor's torch seed range. */
export const MAX_SEED = 2 ** 32 - 1;

export function seedParam(spec: Omit<SeedParam, 'kind' | 'default'>): SeedParam & { schema: z.ZodType } {
  const message = `must be "random" or a whole number between 0 and ${MAX_SEED}`;
  const schema = z.union([z.literal('random'), z.number().int().min(0).max(MAX_SEED)], { error: message });
  return finish({ ...spec, kind: 'seed' as const, default: 'random' as const }, schema);
}

export type ParamSpecs = Record<string, ParamSpec>;

const schemaCache = new WeakMap<ParamSpecs, z.ZodType<Record<string, unknown>>>();

/** The zod object for a node's params. Unknown keys are tolerated (kept in the file) and reported apart. */
export function paramsSchema(specs: ParamSpecs): z.ZodType<Record<string, unknown>> {
  // Built once per node type: making a zod object is far dearer than parsing with it, and compile runs on every edit.
  const cached = schemaCache.get(specs);
  if (cached) return cached;
  const shape: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(specs)) shape[name] = spec.schema;
  const schema = z.object(shape) as unknown as z.ZodType<Record<string, unknown>>;
  schemaCache.set(specs, schema);
  return schema;
}
