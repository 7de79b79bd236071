// Finding the prediction a create made when its answer was lost, among the account's newest ones.
import { describe, expect, it } from 'vitest';
import { findLostPrediction, type PredictionLister } from '../../../src/runtime/providers/replicate/lost-create';
import type { ProviderCall } from '../../../src/runtime/providers/provider';

const SENT_AT = Date.parse('2025-03-01T12:00:00Z');
const call: ProviderCall = { node: 's', model: 'o/m', version: 'v1', input: { prompt: 'a fox', seed: 5 } };

function prediction(id: string, extra: Record<string, unknown> = {}) {
  return { id, status: 'processing', version: 'v1', input: { seed: 5, prompt: 'a fox' }, created_at: '2025-03-01T12:00:01Z', ...extra };
}

function lister(pages: unknown[][], full: Record<string, unknown> = {}): PredictionLister & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    firstPage: async () => ({ results: pages[0], next: pages.length > 1 ? 'page-2' : null }),
    page: async () => ({ results: pages[1], next: null }),
    get: async (id) => {
      reads.push(id);
      return full[id];
    },
  };
}

describe('finding a lost prediction', () => {
  it('adopts the newest unclaimed prediction with the same version and input (key order aside)', async () => {
    const found = await findLostPrediction(lister([[prediction('other', { input: { prompt: 'a cat', seed: 5 } }), prediction('mine')]]), call, SENT_AT, new Set());
    expect(found?.id).toBe('mine');
  });

  it('skips predictions another call already claimed, other versions, and ones from before the request', async () => {
    const pages = [[prediction('claimed'), prediction('v2', { version: 'v2' })], [prediction('old', { created_at: '2025-03-01T11:00:00Z' })]];
    expect(await findLostPrediction(lister(pages), call, SENT_AT, new Set(['claimed']))).toBeUndefined();
  });

  it('reads an abbreviated list entry in full before judging it', async () => {
    const abbreviated = { id: 'short', status: 'starting', version: 'v1', created_at: '2025-03-01T12:00:02Z' };
    const source = lister([[abbreviated]], { short: prediction('short') });
    expect((await findLostPrediction(source, call, SENT_AT, new Set()))?.id).toBe('short');
    expect(source.reads).toEqual(['short']);
  });
});
