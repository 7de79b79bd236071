import { describe, expect, it } from 'vitest';
import { compileTest, messagesOf, workflow } from '../../helpers/build-workflow';

const sweep = (values: unknown[], group?: string) => ({ $sweep: values, ...(group ? { group } : {}) });

describe('sweeps', () => {
  it('expand a swept param into one call per value, labelled', () => {
    const plan = compileTest(workflow({ p: ['prompt', { text: 'a kite' }], s: ['sampler', { seed: sweep([1, 2, 3]) }] }, ['p.prompt>s.prompt']));
    expect(plan.diagnostics).toEqual([]);
    expect(plan.calls.map((c) => [c.node, c.source, c.seed, c.variant?.label])).toEqual([
      ['s#1', 's', 1, 'seed=1'],
      ['s#2', 's', 2, 'seed=2'],
      ['s#3', 's', 3, 'seed=3'],
    ]);
    expect(new Set(plan.calls.map((c) => c.key)).size).toBe(3);
  });

  it('take the cartesian product of separate axes, and zip params of one group', () => {
    const product = compileTest(workflow({ p: ['prompt', { text: 'x' }], s: ['sampler', { seed: sweep([1, 2]), guidance: sweep([2, 3, 4]) }] }, ['p.prompt>s.prompt']));
    expect(product.calls).toHaveLength(6);
    const zipped = compileTest(
      workflow({ p: ['prompt', { text: 'x' }], s: ['sampler', { seed: 5, guidance: sweep([2, 3, 4], 'g'), num_inference_steps: sweep([20, 28, 40], 'g') }] }, ['p.prompt>s.prompt']),
    );
    expect(zipped.calls.map((c) => [c.input.guidance_scale, c.input.num_inference_steps])).toEqual([
      [2, 20],
      [3, 28],
      [4, 40],
    ]);
  });

  it('carry an upstream sweep down a chain without crossing it with itself', () => {
    const wf = workflow(
      { p: ['prompt', { text: sweep(['a fox', 'a hare']) }], a: ['sampler', { seed: 1 }], b: ['sampler', { seed: 2, prompt_strength: 0.5 }], o: ['output', {}] },
      ['p.prompt>a.prompt', 'p.prompt>b.prompt', 'a.image>b.image', 'b.images>o.images'],
    );
    const plan = compileTest(wf);
    expect(plan.diagnostics).toEqual([]);
    expect(plan.calls.map((c) => [c.node, c.after, c.input.prompt])).toEqual([
      ['a#1', [], 'a fox'],
      ['a#2', [], 'a hare'],
      ['b#1', ['a#1'], 'a fox'],
      ['b#2', ['a#2'], 'a hare'],
    ]);
    // The output node gathers every variant instead of multiplying.
    expect(plan.outputs).toEqual([{ node: 'o', prefix: 'weft', sources: [{ node: 'b#1' }, { node: 'b#2' }] }]);
  });

  it('share the cached upstream result when only a downstream param is swept', () => {
    const wf = workflow(
      { p: ['prompt', { text: 'x' }], a: ['sampler', { seed: 1 }], b: ['sampler', { seed: 2, prompt_strength: sweep([0.3, 0.6]) }] },
      ['p.prompt>a.prompt', 'p.prompt>b.prompt', 'a.image>b.image'],
    );
    const plan = compileTest(wf);
    expect(plan.calls.map((c) => [c.node, c.after])).toEqual([
      ['a', []],
      ['b#1', ['a']],
      ['b#2', ['a']],
    ]);
  });

  it('sweep LoRA scales and prompts like any param', () => {
    const wf = workflow(
      { p: ['prompt', { text: 'x' }], l: ['lora', { source: 'o/n', scale: sweep([0.5, 1]) }], s: ['sampler', { seed: 1 }] },
      ['p.prompt>s.prompt', 'l.lora>s.lora'],
    );
    expect(compileTest(wf).calls.map((c) => c.input.lora_scale)).toEqual([0.5, 1]);
  });

  it('check every value, and say each problem once', () => {
    const plan = compileTest(workflow({ p: ['prompt', { text: 'x' }], s: ['sampler', { seed: 1, num_outputs: sweep([1, 9, 12]) }] }, ['p.prompt>s.prompt']));
    expect(plan.calls).toEqual([]);
    expect(plan.diagnostics).toEqual([{ severity: 'error', code: 'param-invalid', node: 's', param: 'num_outputs', message: 'must be a whole number between 1 and 4' }]);
  });

  it('refuse zipped lists of different lengths, empty lists and runaway products', () => {
    const mismatch = compileTest(workflow({ p: ['prompt', { text: 'x' }], s: ['sampler', { seed: sweep([1, 2], 'g'), guidance: sweep([1, 2, 3], 'g') }] }, ['p.prompt>s.prompt']));
    expect(messagesOf(mismatch)).toEqual(['s.guidance sweep-invalid']);
    const empty = compileTest(workflow({ p: ['prompt', { text: 'x' }], s: ['sampler', { seed: sweep([]) }] }, ['p.prompt>s.prompt']));
    expect(messagesOf(empty)).toEqual(['s.seed sweep-invalid']);
    const many = Array.from({ length: 20 }, (_, i) => i + 1);
    const huge = compileTest(workflow({ p: ['prompt', { text: 'x' }], s: ['sampler', { seed: sweep(many), guidance: sweep(many.map((n) => n / 2)) }] }, ['p.prompt>s.prompt']));
    expect(messagesOf(huge)).toEqual(['s sweep-too-large']);
  });

  it('give calls with equal inputs equal keys, whatever variant they are', () => {
    // width is not sent without the custom aspect ratio, so both variants are the same call.
    const plan = compileTest(workflow({ p: ['prompt', { text: 'x' }], s: ['sampler', { seed: 1, width: sweep([512, 768]) }] }, ['p.prompt>s.prompt']));
    expect(plan.calls).toHaveLength(2);
    expect(plan.calls[0]!.key).toBe(plan.calls[1]!.key);
  });
});

describe('the XY grid node', () => {
  const swept = (grid: Record<string, unknown>, sampler: Record<string, unknown> = { seed: sweep([1, 2, 3]), guidance: sweep([2, 4]) }) =>
    workflow({ p: ['prompt', { text: 'x' }], s: ['sampler', sampler], g: ['grid', grid] }, ['p.prompt>s.prompt', 's.images>g.images']);

  it('lays the calls out by two swept params', () => {
    const plan = compileTest(swept({}));
    expect(plan.diagnostics).toEqual([]);
    const [grid] = plan.grids;
    expect(grid).toMatchObject({ node: 'g', prefix: 'grid', columns: ['seed=1', 'seed=2', 'seed=3'], rows: ['guidance=2', 'guidance=4'] });
    expect(grid!.cells).toHaveLength(6);
    expect(grid!.cells.find((c) => c.row === 1 && c.column === 2)?.source).toEqual({ node: plan.calls.find((c) => c.variant?.label === 'seed=3, guidance=4')!.node, index: 0 });
  });

  it('takes the axes the user names, and says when one is not swept or there are too many', () => {
    const turned = compileTest(swept({ x: 'guidance', y: 'seed' })).grids[0]!;
    expect(turned.columns).toEqual(['guidance=2', 'guidance=4']);
    expect(messagesOf(compileTest(swept({ x: 'steps' })))).toEqual(['g.x grid-axis']);
    const three = compileTest(swept({}, { seed: sweep([1, 2]), guidance: sweep([2, 4]), num_inference_steps: sweep([20, 30]) }));
    expect(messagesOf(three)).toEqual(['g:images grid-axes']);
  });

  it('makes a single row from a one-axis sweep', () => {
    const grid = compileTest(swept({}, { seed: sweep([1, 2]) })).grids[0]!;
    expect(grid).toMatchObject({ columns: ['seed=1', 'seed=2'], rows: [''] });
  });
});
