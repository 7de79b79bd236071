// What each input of a model becomes on its node: a param (a widget), an image input port, the seed, or
// "unsupported". The rules, also in docs/workflow-format.md:
//
// - A file input is what Cog publishes for a `Path`/`File` argument: `type: string, format: uri` (or a list
//   of them, `type: array` of such items). The schema says "a file" and nothing about its kind, so the
//   name decides between an image and another kind of file: an input whose name has a word naming another
//   medium (audio, video, weights, lora, zip...) is a URL param; any other file input is an image port,
//   a `mask` port when its name has the word "mask" (it takes images too). A list of files is an image
//   port that takes several edges. File ports are optional unless the input is required.
// - Names never decide for a plain string: a `type: string` input without `format: uri` is text the model
//   reads as it is, whatever it is called. When it has no `format` at all (not a Cog `Secret`, a date...)
//   it is both a text param and a `text` input port of the same name: a wired prompt's text is sent
//   instead of the param's value, exactly as if typed there (same input, same cache key), and the param
//   is then not needed even when the model requires the input.
// - An enum (inline, `$ref` or `allOf: [{$ref}]`) is a choice; `integer`/`number` a number with the
//   published minimum, maximum and default; `string` text; `boolean` a switch. An integer or number input
//   named `seed` is the seed, as on the sampler: "random" is drawn when the workflow is compiled.
// - Anything else (objects, lists of text...) is unsupported: the model's default is used, and a node
//   whose model *requires* such an input cannot run.
import { z } from 'zod';
import { booleanParam, choiceParam, MAX_SEED, numberParam, seedParam, textParam, type ParamSpec } from '../params';
import type { PortSpec } from '../ports';
import { enumOf, type CogProperty, type CogSchema } from './cog-schema';

export type InputField =
  | ParamField
  | { kind: 'seed'; name: string; spec: ParamSpec; /** The model's own seed range, within 0..MAX_SEED. */ min: number; max: number }
  | { kind: 'image'; name: string; port: PortSpec; list: boolean }
  | { kind: 'unsupported'; name: string; required: boolean; what: string };

export interface ParamField {
  kind: 'param';
  name: string;
  spec: ParamSpec;
  /** For a choice whose published values are numbers: the value sent for the option chosen. */
  encode?: (value: unknown) => unknown;
  /**
   * A plain-text input: also the `text` input port `port` (named as the param). Its param's zod schema
   * then accepts "unset" even when the model requires the input (a wire may give it); `required` says
   * whether the call needs a value from one or the other.
   */
  text?: { port: PortSpec; required: boolean };
}

/** Words in an input's name that say its file is not an image. */
const OTHER_MEDIA = new Set([
  'audio', 'video', 'voice', 'speech', 'sound', 'music', 'song', 'mp3', 'wav', 'mp4', 'weights', 'lora',
  'safetensors', 'checkpoint', 'ckpt', 'zip', 'tar', 'archive', 'pdf', 'document', 'mesh', 'glb', 'json', 'csv', 'srt',
]);

export function inputFields(schema: CogSchema): InputField[] {
  return schema.inputs.map(({ name, property }) => {
    const required = schema.required.has(name);
    if (!property) return { kind: 'unsupported', name, required, what: 'an input whose schema Weft cannot read' };
    return fieldOf(name, property, required, schema);
  });
}

function fieldOf(name: string, property: CogProperty, required: boolean, schema: CogSchema): InputField {
  const common = { label: property.title ?? labelOf(name), description: property.description ?? '', optional: !required };
  const fallback = property.default ?? undefined; // Cog never publishes a null default; treat one as none.
  const choices = enumOf(property, schema);
  if (choices) return choiceField(name, choices.values, fallback, common, required);

  const file = fileKind(property, schema);
  if (file) {
    const words = nameWords(name);
    if (words.some((w) => OTHER_MEDIA.has(w))) {
      if (file === 'list') return { kind: 'unsupported', name, required, what: 'a list of files that are not images' };
      return { kind: 'param', name, spec: urlParam({ ...common, ...(typeof fallback === 'string' ? { default: fallback } : {}) }) };
    }
    const mask = words.includes('mask');
    const port: PortSpec = {
      name,
      type: mask ? 'mask' : 'image',
      label: common.label.toLowerCase(),
      ...(common.description ? { description: common.description } : {}),
      ...(required ? {} : { optional: true }),
      ...(file === 'list' ? { multiple: true } : {}),
      ...(mask ? { accepts: ['image'] as const } : {}),
    };
    return { kind: 'image', name, port, list: file === 'list' };
  }

  switch (property.type) {
    case 'integer':
    case 'number': {
      const integer = property.type === 'integer';
      if (name === 'seed') return seedField(name, property, common);
      return { kind: 'param', name, spec: modelNumberParam(property, integer, typeof fallback === 'number' ? fallback : undefined, common) };
    }
    case 'string': {
      const spec = textParam({
        ...common,
        multiline: nameWords(name).includes('prompt'),
        ...(typeof fallback === 'string' ? { default: fallback } : {}),
        ...(property.maxLength === undefined ? {} : { maxLength: property.maxLength }),
      });
      // A format (Cog's Secret is `format: password`, others name dates...) says the text is not words for the model.
      if (property.format !== undefined) return { kind: 'param', name, spec };
      return { kind: 'param', name, spec: required ? { ...spec, schema: spec.schema.optional() } : spec, text: { port: textPort(name, common.label), required } };
    }
    case 'boolean':
      return { kind: 'param', name, spec: booleanParam({ ...common, ...(typeof fallback === 'boolean' ? { default: fallback } : {}) }) };
    default:
      return { kind: 'unsupported', name, required, what: describeType(property) };
  }
}

type Common = { label: string; description: string; optional: boolean };

/** The port beside a plain-text param: optional, since the param gives the value when nothing is wired. */
function textPort(name: string, label: string): PortSpec {
  return { name, type: 'text', label: label.toLowerCase(), description: `When wired, the text arriving here is sent as ${label} instead of the value typed in the node.`, optional: true };
}

/** `uri` for a file, `list` for a list of files, undefined for anything else. */
function fileKind(property: CogProperty, schema: CogSchema): 'uri' | 'list' | undefined {
  if (property.type === 'string' && property.format === 'uri') return 'uri';
  if (property.type !== 'array') return undefined;
  const items = CogItemSchema.safeParse(property.items);
  if (!items.success) return undefined;
  const item = items.data.$ref ? CogItemSchema.safeParse(schema.resolve(items.data.$ref)).data : items.data;
  return item?.type === 'string' && item.format === 'uri' ? 'list' : undefined;
}

const CogItemSchema = z.looseObject({ type: z.string().optional(), format: z.string().optional(), $ref: z.string().optional() });

function choiceField(name: string, values: unknown[], fallback: unknown, common: Common, required: boolean): InputField {
  const usable = values.filter((v): v is string | number => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)));
  if (usable.length === 0 || usable.length !== values.length) return { kind: 'unsupported', name, required, what: 'a choice among values that are not text or numbers' };
  // The editor's choice widget deals in text; a numeric enum (Cog's `choices=[1, 2, 4]`) is shown as
  // text and sent as the number it stands for. A file may hold either form.
  const options = usable.map(String);
  const byText = new Map(usable.map((v) => [String(v), v] as const));
  const def = fallback === undefined ? undefined : String(fallback);
  const spec = choiceParam({ ...common, options, ...(def !== undefined && byText.has(def) ? { default: def } : {}) });
  const numeric = usable.some((v) => typeof v === 'number');
  if (!numeric) return { kind: 'param', name, spec };
  const message = `must be one of ${options.join(', ')}`;
  const accepting = z.union([z.string(), z.number()], { error: message }).refine((v) => byText.has(String(v)), { error: message });
  return { kind: 'param', name, spec: withSchema(spec, accepting), encode: (value) => byText.get(String(value)) };
}

function seedField(name: string, property: CogProperty, common: Common): InputField {
  const min = Math.max(0, Math.ceil(property.minimum ?? 0));
  const max = Math.min(MAX_SEED, Math.floor(property.maximum ?? MAX_SEED));
  const range = min === 0 && max === MAX_SEED ? '' : ` This model takes seeds from ${min} to ${max}.`;
  const spec = seedParam({ ...common, description: `${common.description}${common.description ? ' ' : ''}"random" draws a new one each time the workflow is compiled, and records it.${range}` });
  return { kind: 'seed', name, spec, min, max };
}

/** A number param; a side the schema leaves open stays open (no made-up bound in the message). */
function modelNumberParam(property: CogProperty, integer: boolean, fallback: number | undefined, common: Common): ParamSpec {
  const min = property.minimum ?? -Number.MAX_SAFE_INTEGER;
  const max = property.maximum ?? Number.MAX_SAFE_INTEGER;
  const spec = numberParam({ ...common, min, max, integer, ...(fallback === undefined ? {} : { default: fallback }) });
  if (property.minimum !== undefined && property.maximum !== undefined) return spec;
  const bound = property.minimum !== undefined ? ` of at least ${min}` : property.maximum !== undefined ? ` of at most ${max}` : '';
  const message = `must be ${integer ? 'a whole number' : 'a number'}${bound}`;
  let schema = z.number({ error: message }).min(min, { error: message }).max(max, { error: message });
  if (integer) schema = schema.int({ error: message });
  return withSchema(spec, schema);
}

/** A file that is not an image, given by its URL and sent as it is. */
function urlParam(spec: Common & { default?: string }): ParamSpec {
  const message = 'must be a URL such as https://example.com/file';
  return withSchema(textParam({ ...spec, widget: 'url' }), z.string({ error: message }).refine(isAbsoluteUri, { error: message }));
}

/** The same param facts with another zod schema, keeping what default or optional mean. */
function withSchema(spec: ParamSpec, schema: z.ZodType): ParamSpec {
  const def = (spec as { default?: unknown }).default;
  const finished = def !== undefined ? schema.default(def as never) : spec.optional ? schema.optional() : schema;
  return { ...spec, schema: finished as z.ZodType };
}

function isAbsoluteUri(value: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** "num_inference_steps" -> "Num inference steps", for inputs the schema gives no title. */
function labelOf(name: string): string {
  const words = name.replace(/_+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "input_image2" -> ["input", "image", "2"]; "maskImage" -> ["mask", "image"]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([a-zA-Z])(\d)/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function describeType(property: CogProperty): string {
  if (property.type === 'array') {
    const item = z.looseObject({ type: z.string().optional() }).safeParse(property.items);
    const of = item.success ? item.data.type : undefined;
    return of === 'string' ? 'a list of text' : of === 'integer' || of === 'number' ? 'a list of numbers' : 'a list';
  }
  if (property.type === 'object') return 'an object';
  return property.type ? `a value of type ${property.type}` : 'a value of no declared type';
}
