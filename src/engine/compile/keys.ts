// Cache keys. A key hashes the model, the version and the exact input sent, with every image named by
// the sha256 of its bytes, so whatever produced equal bytes (an upload, an upstream output, a painted
// mask) shares the cached result, and nothing the model ignores (it is never sent) can change the key.
import { canonicalJson, sha256Hex } from '../hash';
import type { ImageRef } from '../values';

export type OutputResolver = (node: string, index: number) => string | undefined;

/** Replaces each `{ $image }` in an input by `{ $blob: sha256 }`, or returns undefined if one is not known yet. */
export function resolveImages(input: unknown, resolveOutput: OutputResolver = () => undefined): unknown {
  let missing = false;
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    if ('$image' in record) {
      const sha = blobOf(record.$image as ImageRef, resolveOutput);
      if (sha === undefined) missing = true;
      return { $blob: sha ?? null };
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, walk(v)]));
  };
  const resolved = walk(input);
  return missing ? undefined : resolved;
}

function blobOf(ref: ImageRef, resolveOutput: OutputResolver): string | undefined {
  if ('blob' in ref) return ref.blob;
  if ('output' in ref) return resolveOutput(ref.output.node, ref.output.index);
  return undefined;
}

export function callKey(call: { model: string; version: string; input: Record<string, unknown> }, resolveOutput?: OutputResolver): string | null {
  const input = resolveImages(call.input, resolveOutput);
  if (input === undefined) return null;
  return sha256Hex(canonicalJson({ model: call.model, version: call.version, input }));
}

/** The image refs inside an input, in the order they appear. */
export function imageRefsOf(input: unknown): ImageRef[] {
  const refs: ImageRef[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if ('$image' in record) refs.push(record.$image as ImageRef);
      else Object.values(record).forEach(walk);
    }
  };
  walk(input);
  return refs;
}
