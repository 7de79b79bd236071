/**
 * Carrying out a prune on a cache folder that other processes may be using at the same moment.
 *
 * 1. Read every record, then list the blobs. In that order: a record always lands after its blobs, so
 *    any record we saw has its blobs in the listing (a record that shows up later finds its fresh blobs
 *    protected by the in-flight grace). Damaged records, and records whose images are gone, are removed
 *    on the way - they could never be served anyway.
 * 2. Let lru.ts decide what to evict, on that snapshot.
 * 3. Delete, re-checking each entry's mtime first: a record hit (or a blob stored again) by another
 *    process since the snapshot stays, and so do the blobs such a record needs.
 */
import type { BlobStore } from './blobs';
import { blobsReferencedBy, type CallOutput } from './call-record';
import type { CallStore } from './calls';
import { isSha256 } from './hash';
import { planPrune, type PruneCallEntry } from './lru';

export interface PruneReport {
  removedCalls: number;
  removedBlobs: number;
  /** Records found damaged or pointing at missing images, removed on the way. */
  removedInvalid: number;
  freedBytes: number;
  bytesBefore: number;
  bytesAfter: number;
}

export interface PruneTarget {
  targetBytes: number;
  /** Unexplained blob uses after this instant are taken as in flight (see lru.ts). */
  protectAfterMs: number;
}

export async function pruneCache(calls: CallStore, blobs: BlobStore, target: PruneTarget): Promise<PruneReport> {
  let removedInvalid = 0;
  const candidates: PruneCallEntry[] = [];
  const needOutputs: Array<{ key: string; lastUsedMs: number; outputs: CallOutput[] }> = [];
  for (const file of await calls.list()) {
    const found = await calls.read(file.key);
    if (found.kind === 'missing') continue;
    if (found.kind === 'corrupt') {
      if ((await calls.removeIfUnused(file.key, found.lastUsedMs)) === 'removed') removedInvalid++;
    } else if (found.kind === 'newer') {
      candidates.push({ key: file.key, lastUsedMs: found.lastUsedMs, refs: outputShasOf(found.raw) });
    } else {
      needOutputs.push({ key: file.key, lastUsedMs: found.lastUsedMs, outputs: found.record.outputs });
      candidates.push({ key: file.key, lastUsedMs: found.lastUsedMs, refs: blobsReferencedBy(found.record) });
    }
  }

  const stored = await blobs.list();
  const sizeOf = new Map(stored.map((blob) => [blob.sha256, blob.size]));
  const stale = new Set<string>();
  for (const { key, lastUsedMs, outputs } of needOutputs) {
    if (outputs.every((output) => sizeOf.get(output.sha256) === output.size)) continue;
    stale.add(key);
    if ((await calls.removeIfUnused(key, lastUsedMs)) === 'removed') removedInvalid++;
  }

  const plan = planPrune(
    candidates.filter((call) => !stale.has(call.key)),
    stored,
    target,
  );

  let removedCalls = 0;
  let removedBlobs = 0;
  let freedBytes = 0;
  const stillNeeded = new Set<string>();
  for (const eviction of plan.evictions) {
    if (eviction.kind === 'call') {
      const outcome = await calls.removeIfUnused(eviction.key, eviction.lastUsedMs);
      if (outcome === 'removed') removedCalls++;
      if (outcome === 'in-use') for (const sha of eviction.refs) stillNeeded.add(sha);
    } else if (!stillNeeded.has(eviction.sha256)) {
      const outcome = await blobs.removeIfUnused(eviction.sha256, eviction.lastUsedMs);
      if (outcome === 'removed') removedBlobs++;
      if (outcome !== 'in-use') freedBytes += eviction.size;
    }
  }
  const bytesAfter = plan.bytesBefore - freedBytes;
  return { removedCalls, removedBlobs, removedInvalid, freedBytes, bytesBefore: plan.bytesBefore, bytesAfter };
}

/** Best-effort references of a record from a newer Weft, so a prune does not orphan its blobs early. */
function outputShasOf(raw: unknown): string[] {
  const outputs = (raw as { outputs?: unknown })?.outputs;
  if (!Array.isArray(outputs)) return [];
  return outputs.map((output) => (output as { sha256?: unknown })?.sha256).filter(isSha256);
}
