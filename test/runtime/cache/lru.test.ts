import { describe, expect, it } from 'vitest';
import { planPrune, type PruneBlobEntry, type PruneCallEntry } from '../../../src/runtime/cache/lru';

const blob = (sha256: string, size: number, lastUsedMs: number): PruneBlobEntry => ({ sha256, size, lastUsedMs });
const call = (key: string, lastUsedMs: number, refs: string[]): PruneCallEntry => ({ key, lastUsedMs, refs });
const NO_GRACE = Number.POSITIVE_INFINITY;

function order(plan: ReturnType<typeof planPrune>): string[] {
  return plan.evictions.map((e) => (e.kind === 'call' ? `call:${e.key}` : `blob:${e.sha256}`));
}

describe('planPrune', () => {
  const blobs = [blob('A', 100, 10), blob('B', 100, 20), blob('C', 100, 30)];
  const calls = [call('a', 10, ['A']), call('b', 50, ['B']), call('c', 30, ['C'])];

  it('does nothing when the cache fits', () => {
    expect(planPrune(calls, blobs, { targetBytes: 300, protectAfterMs: NO_GRACE }).evictions).toEqual([]);
  });

  it('evicts least recently used records first, each with the blobs only it referenced', () => {
    const plan = planPrune(calls, blobs, { targetBytes: 150, protectAfterMs: NO_GRACE });
    expect(order(plan)).toEqual(['call:a', 'blob:A', 'call:c', 'blob:C']);
    expect(plan).toMatchObject({ bytesBefore: 300, bytesAfter: 100 });
  });

  it('keeps a blob until the last record referring to it goes', () => {
    const shared = [call('x', 10, ['S']), call('y', 20, ['S', 'T'])];
    const plan = planPrune(shared, [blob('S', 100, 5), blob('T', 100, 5)], { targetBytes: 150, protectAfterMs: NO_GRACE });
    expect(order(plan)).toEqual(['call:x', 'call:y', 'blob:S']);
  });

  it('evicts unreferenced blobs (imported inputs) by their own last use, interleaved with records', () => {
    const withInput = [...blobs, blob('I', 100, 25)];
    const plan = planPrune(calls, withInput, { targetBytes: 150, protectAfterMs: NO_GRACE });
    expect(order(plan)).toEqual(['call:a', 'blob:A', 'blob:I', 'call:c', 'blob:C']);
  });

  it('a blob freed by an old record but used recently waits for its own turn', () => {
    const plan = planPrune(
      [call('old', 10, ['R']), call('mid', 20, ['M'])],
      [blob('R', 100, 40), blob('M', 100, 20)],
      { targetBytes: 100, protectAfterMs: NO_GRACE },
    );
    expect(order(plan)).toEqual(['call:old', 'call:mid', 'blob:M']);
  });

  it('never evicts unreferenced blobs that may be in flight (used after the grace cut-off)', () => {
    const plan = planPrune(calls, [...blobs, blob('NEW', 1000, 1000)], { targetBytes: 0, protectAfterMs: 500 });
    expect(order(plan)).not.toContain('blob:NEW');
    expect(plan.bytesAfter).toBe(1000);
  });

  it('ignores references to blobs that are not there', () => {
    const plan = planPrune([call('ghost', 1, ['GONE'])], [blob('A', 100, 10)], { targetBytes: 0, protectAfterMs: NO_GRACE });
    expect(order(plan)).toEqual(['call:ghost', 'blob:A']);
  });
});

describe('planPrune in-flight grace', () => {
  it('does not protect a recent blob freed by evicting its record, unless it was stored again since', () => {
    const plan = planPrune(
      [call('r', 900, ['OWN']), call('s', 900, ['AGAIN'])],
      [blob('OWN', 100, 900), blob('AGAIN', 100, 950)],
      { targetBytes: 0, protectAfterMs: 500 },
    );
    expect(order(plan)).toEqual(['call:r', 'call:s', 'blob:OWN']);
  });
});
