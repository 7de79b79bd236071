// Sweep editing on plain values: starting a sweep from a param's value, adding, changing and removing
// values, filling a number range, naming a zip group, ending the sweep; and what compiles from it.
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../nodes';
import { axesOf, emptyWorkflow, MAX_VARIANTS_PER_NODE, type ParamSpec } from '../../src/engine';
import {
  endSweep,
  nextSweepValue,
  rangeValues,
  startSweep,
  sweepable,
  withValueAdded,
  withValueAt,
  withValueRemoved,
  withValues,
  withZipGroup,
  zipGroupsIn,
} from '../../src/renderer/store/sweep-edits';
import { addNode, setParam } from '../../src/renderer/store/workflow-edits';
import { paramError } from '../../src/renderer/widgets/validate';

const sampler = catalog.get('sampler')!;
const spec = (name: string): ParamSpec => sampler.params[name]!;

describe('sweep edits', () => {
  it('offers sweeps on numbers, choices, the seed and text, not on switches or file paths', () => {
    expect(sweepable(spec('guidance'))).toBe(true);
    expect(sweepable(spec('aspect_ratio'))).toBe(true);
    expect(sweepable(spec('seed'))).toBe(true);
    expect(sweepable(catalog.get('prompt')!.params.text!)).toBe(true);
    expect(sweepable(spec('disable_safety_checker'))).toBe(false);
    expect(sweepable(catalog.get('image')!.params.path!)).toBe(false);
  });

  it('starts a sweep from the value the param has, and the next one', () => {
    expect(startSweep(spec('guidance'), undefined)).toEqual({ $sweep: [3, 3.1] });
    expect(startSweep(spec('seed'), 41)).toEqual({ $sweep: [41, 42] });
    expect(startSweep(spec('seed'), 'random', 7)).toEqual({ $sweep: [7, 8] });
    expect(startSweep(spec('aspect_ratio'), '4:5')).toEqual({ $sweep: ['4:5', '1:1'] });
  });

  it('adds the next value: a number a step on (or down at the top), an unused choice', () => {
    expect(nextSweepValue(spec('num_outputs'), [3, 4])).toBe(2);
    expect(nextSweepValue(spec('guidance'), [0.1, 0.2])).toBe(0.3);
    expect(withValueAdded({ $sweep: ['1:1', '16:9'] }, spec('aspect_ratio'))).toEqual({ $sweep: ['1:1', '16:9', '21:9'] });
  });

  it('changes and removes values, keeping at least one, and keeps the zip group', () => {
    const sweep = { $sweep: [1, 2, 3], group: 'g' };
    expect(withValueAt(sweep, 1, 20)).toEqual({ $sweep: [1, 20, 3], group: 'g' });
    expect(withValueRemoved(sweep, 0)).toEqual({ $sweep: [2, 3], group: 'g' });
    expect(withValueRemoved({ $sweep: [5] }, 0)).toEqual({ $sweep: [5] });
    expect(withValues(sweep, [7, 8])).toEqual({ $sweep: [7, 8], group: 'g' });
    expect(withZipGroup(sweep, '')).toEqual({ $sweep: [1, 2, 3] });
    expect(withZipGroup({ $sweep: [1] }, 'steps')).toEqual({ $sweep: [1], group: 'steps' });
    expect(endSweep(sweep)).toBe(1);
  });

  it('fills a range, up or down, without float noise, and refuses what cannot be one', () => {
    expect(rangeValues({ from: 2, to: 4, step: 0.5 }, spec('guidance'))).toEqual({ values: [2, 2.5, 3, 3.5, 4] });
    expect(rangeValues({ from: 0.1, to: 0.5, step: 0.1 }, spec('guidance'))).toEqual({ values: [0.1, 0.2, 0.3, 0.4, 0.5] });
    expect(rangeValues({ from: 30, to: 10, step: 10 }, spec('num_inference_steps'))).toEqual({ values: [30, 20, 10] });
    expect(rangeValues({ from: 1, to: 3, step: 1 }, { kind: 'seed' })).toEqual({ values: [1, 2, 3] });
    expect(rangeValues({ from: 1, to: 2, step: 0.5 }, { kind: 'seed' })).toEqual({ error: 'this param takes whole numbers only' });
    expect(rangeValues({ from: 1, to: 2, step: 0 }, spec('guidance'))).toEqual({ error: 'the step must be more than 0' });
    expect(rangeValues({ from: 1, to: 1000, step: 1 }, { kind: 'seed' })).toEqual({ error: `that makes 1000 values; a node expands to at most ${MAX_VARIANTS_PER_NODE} calls` });
  });

  it('checks each value on its own against the param', () => {
    const values = [3, 11, 'x'];
    expect(values.map((v) => paramError(spec('guidance'), v) === undefined)).toEqual([true, false, false]);
  });

  it('stores the sweep as the param; the engine reads zipped params as one axis', () => {
    const workflow = produce(emptyWorkflow(), (w) => {
      addNode(w, 'sampler', { x: 0, y: 0 });
      const range = rangeValues({ from: 2, to: 4, step: 1 }, spec('guidance'));
      if ('error' in range) throw new Error(range.error);
      setParam(w, 'sampler-1', 'guidance', withZipGroup({ $sweep: range.values }, 'g'));
      setParam(w, 'sampler-1', 'num_inference_steps', withZipGroup({ $sweep: [20, 28, 40] }, 'g'));
      setParam(w, 'sampler-1', 'seed', { $sweep: [1, 2] });
    });
    const params = workflow.nodes[0]!.params;
    const { axes, problems } = axesOf('sampler-1', params);
    expect(problems).toEqual([]);
    expect(axes.map((a) => a.length)).toEqual([3, 2]);
    expect(zipGroupsIn(workflow)).toEqual(['g']);
  });
});
