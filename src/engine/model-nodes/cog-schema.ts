// Reading a model version's schema as Cog publishes it (`openapi_schema.components.schemas`): `Input` is an
// object schema with one property per `predict()` argument, `Output` what the model returns. Enums are not
// inline: a property points at a named schema with `allOf: [{$ref}]` (older Cog) or `$ref` (newer), and
// optional arguments without a default simply carry no `default`. Parsing is tolerant: a property this
// reader does not understand becomes "unsupported" (see input-fields.ts), never a failure of the whole model.
import { z } from 'zod';

const RefSchema = z.looseObject({ $ref: z.string() });

/** The parts of a JSON-schema property that Weft reads; anything else is kept in the file and ignored. */
export const CogPropertySchema = z.looseObject({
  type: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  default: z.unknown().optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  maxLength: z.number().int().nonnegative().optional(),
  format: z.string().optional(),
  enum: z.array(z.unknown()).optional(),
  $ref: z.string().optional(),
  allOf: z.array(z.unknown()).optional(),
  items: z.unknown().optional(),
  'x-order': z.number().optional(),
});
export type CogProperty = z.infer<typeof CogPropertySchema>;

const InputSchema = z.looseObject({
  properties: z.record(z.string(), z.unknown()),
  required: z.array(z.string()).optional(),
});

/** A stored schema, read: the inputs in Cog's order, which are required, the output, and `$ref` lookup. */
export interface CogSchema {
  /** Input properties in `x-order` (the order of the predict() arguments), then in the order written. */
  inputs: { name: string; property: CogProperty | undefined; raw: unknown }[];
  required: ReadonlySet<string>;
  output: unknown;
  /** The schema a `#/components/schemas/<name>` reference names, or undefined when it is not stored. */
  resolve(ref: string): unknown;
}

const REF_PREFIX = '#/components/schemas/';

export function readCogSchema(schemas: Record<string, unknown>): CogSchema | { error: string } {
  const input = InputSchema.safeParse(schemas.Input);
  if (!input.success) return { error: 'its schema has no readable Input (an object with properties)' };
  const inputs = Object.entries(input.data.properties).map(([name, raw], written) => {
    const parsed = CogPropertySchema.safeParse(raw);
    return { name, raw, written, property: parsed.success ? parsed.data : undefined };
  });
  inputs.sort((a, b) => (a.property?.['x-order'] ?? Infinity) - (b.property?.['x-order'] ?? Infinity) || a.written - b.written);
  return {
    inputs: inputs.map(({ name, property, raw }) => ({ name, property, raw })),
    required: new Set(input.data.required ?? []),
    output: resolveRefs(schemas.Output, schemas),
    resolve: (ref) => (ref.startsWith(REF_PREFIX) ? schemas[ref.slice(REF_PREFIX.length)] : undefined),
  };
}

/** The enum a property takes its values from (inline, or through `$ref` / `allOf: [{$ref}]`), if any. */
export function enumOf(property: CogProperty, schema: Pick<CogSchema, 'resolve'>): { values: unknown[]; type?: string } | undefined {
  if (property.enum) return { values: property.enum, ...(property.type ? { type: property.type } : {}) };
  const ref = property.$ref ?? refIn(property.allOf);
  if (!ref) return undefined;
  const target = z.looseObject({ enum: z.array(z.unknown()), type: z.string().optional() }).safeParse(schema.resolve(ref));
  if (!target.success) return undefined;
  return { values: target.data.enum, ...(target.data.type ? { type: target.data.type } : {}) };
}

function refIn(allOf: unknown[] | undefined): string | undefined {
  if (allOf?.length !== 1) return undefined;
  const parsed = RefSchema.safeParse(allOf[0]);
  return parsed.success ? parsed.data.$ref : undefined;
}

/** An output schema with a top-level `$ref` (a pydantic output model) replaced by what it names. */
function resolveRefs(output: unknown, schemas: Record<string, unknown>): unknown {
  const ref = RefSchema.safeParse(output);
  if (!ref.success || !ref.data.$ref.startsWith(REF_PREFIX)) return output;
  return schemas[ref.data.$ref.slice(REF_PREFIX.length)];
}

/** Every `#/components/schemas/<name>` a value refers to, at any depth. */
export function referencedSchemaNames(value: unknown): string[] {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        if (key === '$ref' && typeof item === 'string' && item.startsWith(REF_PREFIX)) names.add(item.slice(REF_PREFIX.length));
        else walk(item);
      }
    }
  };
  walk(value);
  return [...names];
}
