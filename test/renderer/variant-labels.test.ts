// The gallery's variant labels: remembered per run from the compile result the run started from.
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { initialState, type AppState, type CompileResult } from '../../src/renderer/store/state';
import { labelsOf, rememberVariantLabels, variantLabelOf } from '../../src/renderer/store/variant-labels';

const call = (node: string, label?: string): CompileResult['calls'][number] => ({ node, source: node.replace(/#\d+$/, ''), state: 'will-run', key: null, estimatedSeconds: 1, estimatedCost: 0, ...(label ? { label } : {}) });

describe('variant labels', () => {
  it('keeps the labels of swept calls by run, once', () => {
    const calls = [call('p'), call('s#1', 'seed=1'), call('s#2', 'seed=2')];
    expect(labelsOf(calls)).toEqual({ 's#1': 'seed=1', 's#2': 'seed=2' });
    let state: AppState = produce(initialState, (s) => rememberVariantLabels(s, 'run-1', calls));
    state = produce(state, (s) => rememberVariantLabels(s, 'run-1', [call('s#1', 'seed=9')]));
    expect(variantLabelOf(state, 'run-1', 's#2')).toBe('seed=2');
    expect(variantLabelOf(state, 'run-1', 's#1')).toBe('seed=1');
    expect(variantLabelOf(state, 'run-2', 's#1')).toBeUndefined();
    // A run without sweeps records nothing.
    expect(produce(state, (s) => rememberVariantLabels(s, 'run-3', [call('p')])).variantLabels['run-3']).toBeUndefined();
  });
});
