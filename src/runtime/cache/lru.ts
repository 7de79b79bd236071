/**
 * Which entries to evict, decided on a snapshot of the cache (pure: no I/O, so the policy is testable).
 *
 * Bytes live in blobs; records are what make blobs reachable. The policy evicts in least-recently-used
 * order over two kinds of entries:
 *   - a call record (last used = its mtime, refreshed on every hit). Evicting it drops its references;
 *     a blob left with none becomes a candidate itself, as recent as its own last use or the record's,
 *     whichever is later.
 *   - a blob no record refers to (an imported input, an orphan) by its own last use.
 * until the blobs' total size is at or below the target.
 *
 * In-flight grace: a blob used after `protectAfterMs` is never evicted if nothing explains that use - it
 * was unreferenced in the snapshot, or it was stored again after its last record was last used. Such a
 * blob most likely belongs to a runner whose record is not written yet. A blob freed by evicting its
 * record, and not touched since, goes with it however recent.
 */
import { MinHeap } from './min-heap';

export interface PruneCallEntry {
  key: string;
  lastUsedMs: number;
  /** sha256 of every blob the record refers to. */
  refs: readonly string[];
}

export interface PruneBlobEntry {
  sha256: string;
  size: number;
  lastUsedMs: number;
}

export type Eviction =
  | { kind: 'call'; key: string; lastUsedMs: number; refs: readonly string[] }
  | { kind: 'blob'; sha256: string; size: number; lastUsedMs: number };

export interface PrunePlan {
  evictions: Eviction[];
  bytesBefore: number;
  /** Expected total once every eviction is carried out. */
  bytesAfter: number;
}

export interface PlanOptions {
  targetBytes: number;
  /** Unreferenced blobs last used after this instant are kept (in-flight grace). */
  protectAfterMs: number;
}

type Candidate = { time: number; seq: number } & (
  | { kind: 'call'; call: PruneCallEntry }
  | { kind: 'blob'; blob: PruneBlobEntry; mayBeInFlight: boolean }
);

export function planPrune(
  calls: readonly PruneCallEntry[],
  blobs: readonly PruneBlobEntry[],
  options: PlanOptions,
): PrunePlan {
  const blobBySha = new Map(blobs.map((blob) => [blob.sha256, blob]));
  const refCount = new Map<string, number>();
  for (const call of calls) {
    for (const sha of new Set(call.refs)) {
      if (blobBySha.has(sha)) refCount.set(sha, (refCount.get(sha) ?? 0) + 1);
    }
  }

  let seq = 0;
  // Ties go to the entry queued first: calls before the blobs they free, older snapshots before newer.
  const heap = new MinHeap<Candidate>((a, b) => a.time < b.time || (a.time === b.time && a.seq < b.seq));
  for (const call of calls) heap.push({ kind: 'call', call, time: call.lastUsedMs, seq: seq++ });
  for (const blob of blobs) {
    if (!refCount.has(blob.sha256)) heap.push({ kind: 'blob', blob, mayBeInFlight: true, time: blob.lastUsedMs, seq: seq++ });
  }

  const bytesBefore = blobs.reduce((sum, blob) => sum + blob.size, 0);
  let total = bytesBefore;
  const evictions: Eviction[] = [];
  while (total > options.targetBytes) {
    const next = heap.pop();
    if (!next) break;
    if (next.kind === 'call') {
      const { call } = next;
      evictions.push({ kind: 'call', key: call.key, lastUsedMs: call.lastUsedMs, refs: call.refs });
      for (const sha of new Set(call.refs)) {
        const count = refCount.get(sha);
        if (count === undefined) continue;
        if (count > 1) {
          refCount.set(sha, count - 1);
          continue;
        }
        refCount.delete(sha);
        const blob = blobBySha.get(sha)!;
        heap.push({
          kind: 'blob',
          blob,
          mayBeInFlight: blob.lastUsedMs > call.lastUsedMs,
          time: Math.max(blob.lastUsedMs, call.lastUsedMs),
          seq: seq++,
        });
      }
    } else {
      const { blob } = next;
      if (next.mayBeInFlight && blob.lastUsedMs > options.protectAfterMs) continue;
      evictions.push({ kind: 'blob', sha256: blob.sha256, size: blob.size, lastUsedMs: blob.lastUsedMs });
      total -= blob.size;
    }
  }
  return { evictions, bytesBefore, bytesAfter: total };
}
