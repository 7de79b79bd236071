// The stored form of a model version's schema (a workflow's `models` entry): what is kept of the
// published `openapi_schema`, its hash, and the check that what a file carries is still what was stored.
import { z } from 'zod';
import { canonicalJson, sha256Hex } from '../hash';
import type { ModelEntry } from '../workflow/schema';
import { referencedSchemaNames } from './cog-schema';

const OpenApiSchema = z.looseObject({
  components: z.looseObject({ schemas: z.record(z.string(), z.unknown()) }),
});

/**
 * `components.schemas` trimmed to `Input`, `Output` and every schema they refer to (the enums), exactly as
 * published. The paths, the prediction request and response wrappers are the same for every Cog model
 * and are left out.
 */
export function storedSchemaOf(openapiSchema: unknown): { schema: Record<string, unknown> } | { error: string } {
  const parsed = OpenApiSchema.safeParse(openapiSchema);
  if (!parsed.success) return { error: 'the version publishes no OpenAPI schema with components.schemas' };
  const all = parsed.data.components.schemas;
  if (all.Input === undefined) return { error: 'the version publishes no Input schema' };
  const kept: Record<string, unknown> = {};
  const pending = ['Input', 'Output'];
  while (pending.length) {
    const name = pending.shift()!;
    if (name in kept || all[name] === undefined) continue;
    kept[name] = all[name];
    pending.push(...referencedSchemaNames(all[name]));
  }
  return { schema: kept };
}

/** sha256 of the canonical JSON (keys sorted) of a stored schema: independent of key order and spacing. */
export function schemaHashOf(schema: Record<string, unknown>): string {
  return sha256Hex(canonicalJson(schema));
}

export function modelEntryOf(openapiSchema: unknown, fetchedAt: Date): { entry: ModelEntry } | { error: string } {
  const stored = storedSchemaOf(openapiSchema);
  if ('error' in stored) return stored;
  return { entry: { schema: stored.schema, schemaHash: schemaHashOf(stored.schema), fetchedAt: fetchedAt.toISOString() } };
}

/** True when the entry's schema still hashes to its `schemaHash` (it was not edited or damaged since). */
export function entryIntact(entry: ModelEntry): boolean {
  try {
    return schemaHashOf(entry.schema) === entry.schemaHash.toLowerCase();
  } catch {
    // canonicalJson refuses non-finite numbers: such a schema was not written by Weft.
    return false;
  }
}
