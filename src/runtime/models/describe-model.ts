// `owner/name[:version]` -> the entry a workflow stores for it: the version's published schema (trimmed to
// Input, Output and their enums), its hash, and when it was read. Without a version, the model's latest
// version is pinned: a workflow always names the exact version it runs. Replicate's answers are parsed
// with zod, never trusted.
import { z } from 'zod';
import { modelEntryOf, parseModelName, type ModelEntry } from '../../engine';
import { ProviderError } from '../providers/errors';
import type { ModelReader } from './replicate-model-reader';

export interface DescribedModel {
  /** `owner/name:version`: the key of the workflow's `models` and the `model` of its nodes. */
  ref: string;
  /** `owner/name`. */
  model: string;
  version: string;
  entry: ModelEntry;
}

const VERSION_ID = z.string().regex(/^[0-9a-f]{64}$/, { error: 'is not a 64-character version id' });

const VersionJson = z.looseObject({
  id: VERSION_ID,
  openapi_schema: z.unknown(),
});

const ModelJson = z.looseObject({
  owner: z.string(),
  name: z.string(),
  /** Null for a model with no version pushed yet; the schema may be left out of it. */
  latest_version: z.looseObject({ id: VERSION_ID, openapi_schema: z.unknown().optional() }).nullish(),
});

export async function describeModel(ref: string, reader: ModelReader, options: { now?: () => Date; signal?: AbortSignal } = {}): Promise<DescribedModel> {
  const parsed = parseModelName(ref);
  if ('error' in parsed) throw new ProviderError('invalid-input', parsed.error);
  const { owner, name } = parsed;
  const model = `${owner}/${name}`;
  const version: { id: string; openapi_schema?: unknown } = parsed.version
    ? { id: parsed.version }
    : await latestVersion(model, await found(reader.model(owner, name, options.signal), `Replicate has no model ${model} (or this token cannot see it)`));
  const answer =
    version.openapi_schema === undefined
      ? await found(reader.version(owner, name, version.id, options.signal), `${model} has no version ${version.id}`)
      : version;
  const json = parse(VersionJson, answer, `version ${version.id} of ${model}`);
  if (json.id !== version.id) throw new ProviderError('protocol', `Replicate answered version ${json.id} of ${model} when asked for ${version.id}`);
  const stored = modelEntryOf(json.openapi_schema, (options.now ?? (() => new Date()))());
  if ('error' in stored) throw new ProviderError('protocol', `${model}: ${stored.error}, so Weft cannot make a node from it`);
  return { ref: `${model}:${json.id}`, model, version: json.id, entry: stored.entry };
}

/** The pinned version to read: the one asked for, or the model's latest (schema included when given). */
async function latestVersion(model: string, answer: unknown): Promise<{ id: string; openapi_schema?: unknown }> {
  const json = parse(ModelJson, answer, `the model ${model}`);
  if (!json.latest_version) throw new ProviderError('not-found', `${model} has no published version yet`);
  return json.latest_version;
}

/** A version asked for by id reads the same whether or not `latestVersion` ran. */
function found<T>(request: Promise<T>, notFound: string): Promise<T> {
  return request.catch((error: unknown) => {
    if (error instanceof ProviderError && error.kind === 'not-found') throw new ProviderError('not-found', notFound, error.status, { cause: error });
    throw error;
  });
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ProviderError('protocol', `Replicate's answer for ${what} is not what its API documents: ${issue ? `${issue.path.join('.') || 'answer'} ${issue.message}` : 'unreadable'}`);
}
