// What a model's node gives downstream, from its published `Output`: a list of files (`type: array` of
// `format: uri` strings, Cog's `List[Path]` or `Iterator[Path]`) is `images` (all) and `image` (the first),
// as on the sampler; a single file (`Path`) is `image`. Anything else (text, numbers, objects) is refused,
// with what it is, since every value Weft moves between nodes is an image.
import { z } from 'zod';
import type { PortSpec } from '../ports';

export type ModelOutput = { shape: 'list' | 'single'; ports: PortSpec[] } | { refusal: string };

const JsonSchema = z.looseObject({
  type: z.string().optional(),
  format: z.string().optional(),
  items: z.unknown().optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

const IMAGES_PORT: PortSpec = { name: 'images', type: 'images', label: 'all images' };
const FIRST_IMAGE_PORT: PortSpec = { name: 'image', type: 'image', label: 'first image' };
const IMAGE_PORT: PortSpec = { name: 'image', type: 'image', label: 'image' };

export function modelOutput(output: unknown): ModelOutput {
  const schema = JsonSchema.safeParse(output);
  if (!schema.success) return { refusal: refusal('nothing Weft can read (its schema declares no output)') };
  if (isFile(schema.data)) return { shape: 'single', ports: [IMAGE_PORT] };
  if (schema.data.type === 'array') {
    const items = JsonSchema.safeParse(schema.data.items);
    if (items.success && isFile(items.data)) return { shape: 'list', ports: [IMAGES_PORT, FIRST_IMAGE_PORT] };
  }
  return { refusal: refusal(describe(schema.data)) };
}

function isFile(schema: z.infer<typeof JsonSchema>): boolean {
  return schema.type === 'string' && schema.format === 'uri';
}

function refusal(what: string): string {
  return `this model outputs ${what}, which Weft cannot use yet: its nodes pass images only`;
}

const PLURALS: Record<string, string> = { string: 'text', integer: 'numbers', number: 'numbers', boolean: 'true or false values', object: 'objects', array: 'lists' };

function describe(schema: z.infer<typeof JsonSchema>): string {
  switch (schema.type) {
    case 'string':
      return 'text';
    case 'integer':
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'array': {
      const items = JsonSchema.safeParse(schema.items);
      const of = items.success ? PLURALS[items.data.type ?? ''] : undefined;
      return of ? `a list of ${of}` : 'a list';
    }
    case 'object':
    case undefined: {
      const fields = Object.keys(schema.properties ?? {});
      if (fields.length) return `an object with the fields ${fields.join(', ')}`;
      return schema.type ? 'an object' : 'values of no declared type';
    }
    default:
      return `values of type ${schema.type}`;
  }
}
