import { describe, expect, it } from 'vitest';
import { expandGroups, formatDiagnostic, type Workflow } from '../../../src/engine';
import { compileTest, workflow } from '../../helpers/build-workflow';
import { comparableCalls, group, grouped, ungroupedId } from './fixtures';

const sweep = (values: unknown[]) => ({ $sweep: values });

/** A LoRA and a sampler, wired: input `prompt`, outputs `images` and `image`. */
const look = group(
  'look',
  { l: ['lora', { source: 'fofr/flux-pixar-cars', scale: 0.8 }], s: ['sampler', { seed: 11, aspect_ratio: '3:2' }] },
  ['l.lora>s.lora'],
  { inputs: ['prompt=s.prompt'], outputs: ['images=s.images', 'image=s.image'] },
);

const withLook = (params: Record<string, unknown> = {}): Workflow =>
  grouped({ p: ['prompt', { text: 'a kite' }], g: ['group', { group: 'look', ...params }], o: ['output', {}] }, ['p.prompt>g.prompt', 'g.images>o.images'], [look]);

/** The same graph without the group. */
const flatTwin = (seed = 11): Workflow =>
  workflow(
    { p: ['prompt', { text: 'a kite' }], l: ['lora', { source: 'fofr/flux-pixar-cars', scale: 0.8 }], s: ['sampler', { seed, aspect_ratio: '3:2' }], o: ['output', {}] },
    ['p.prompt>s.prompt', 'l.lora>s.lora', 's.images>o.images'],
  );

describe('expandGroups', () => {
  it('names inner nodes <group node>/<inner id> and rewires edges through the exposed ports', () => {
    const { workflow: flat, origins } = expandGroups(withLook());
    expect(flat.nodes.map((n) => n.id)).toEqual(['p', 'g/l', 'g/s', 'o']);
    expect(flat.edges.map((e) => `${e.id}: ${e.from.node}.${e.from.port}>${e.to.node}.${e.to.port}`)).toEqual([
      'g/e1: g/l.lora>g/s.lora',
      'e1: p.prompt>g/s.prompt',
      'e2: g/s.images>o.images',
    ]);
    expect(origins.get('g/s')).toEqual({ canvas: 'g', inner: 's' });
    expect(flat.groups).toBeUndefined();
  });

  it('leaves a workflow without group nodes as it is', () => {
    const plain = flatTwin();
    expect(expandGroups(plain).workflow).toBe(plain);
  });

  it('compiles a group to the calls and keys of the same nodes outside it, with source set to the group node', () => {
    const plan = compileTest(withLook());
    expect(plan.diagnostics).toEqual([]);
    expect(plan.calls.map((c) => [c.node, c.source])).toEqual([['g/s', 'g']]);
    expect(comparableCalls(plan, ungroupedId)).toEqual(comparableCalls(compileTest(flatTwin())));
    expect(plan.outputs).toEqual([{ node: 'o', prefix: 'weft', sources: [{ node: 'g/s' }] }]);
  });

  it('applies overrides of inner params, and warns about overrides that name nothing', () => {
    const plan = compileTest(withLook({ overrides: { 's.seed': 7, 'nobody.seed': 1, seedless: 2 } }));
    expect(plan.calls[0]!.seed).toBe(7);
    expect(comparableCalls(plan, ungroupedId)).toEqual(comparableCalls(compileTest(flatTwin(7))));
    expect(plan.diagnostics.map((d) => [d.node, d.param, d.code])).toEqual([
      ['g', 'overrides', 'group-override-unknown'],
      ['g', 'overrides', 'group-override-unknown'],
    ]);
  });

  it('feeds every inner port an input names, from one wire', () => {
    const twins = group('twins', { a: ['sampler', { seed: 1 }], b: ['sampler', { seed: 2 }] }, [], { inputs: ['prompt=a.prompt', 'prompt=b.prompt'] });
    const plan = compileTest(grouped({ p: ['prompt', { text: 'x' }], t: ['group', { group: 'twins' }] }, ['p.prompt>t.prompt'], [twins]));
    expect(plan.diagnostics).toEqual([]);
    expect(plan.calls.map((c) => [c.node, c.source, c.input.prompt])).toEqual([
      ['t/a', 't', 'x'],
      ['t/b', 't', 'x'],
    ]);
  });

  it('expands nested groups recursively, overrides reaching in by path', () => {
    const outer = group('outer', { p: ['prompt', { text: 'a kite' }], inner: ['group', { group: 'look' }] }, ['p.prompt>inner.prompt'], { outputs: ['images=inner.images'] });
    const wf = grouped({ g: ['group', { group: 'outer', overrides: { 'inner/s.seed': 99 } }], o: ['output', {}] }, ['g.images>o.images'], [look, outer]);
    const plan = compileTest(wf);
    expect(plan.diagnostics).toEqual([]);
    expect(plan.calls.map((c) => [c.node, c.source, c.seed])).toEqual([['g/inner/s', 'g', 99]]);
    expect(comparableCalls(plan, ungroupedId)).toEqual(comparableCalls(compileTest(flatTwin(99))));
    expect(expandGroups(wf).origins.get('g/inner/s')).toEqual({ canvas: 'g', inner: 'inner/s' });
  });

  it('refuses a group that contains itself, directly or through another, and blocks what depends on it', () => {
    const selfish = group('selfish', { again: ['group', { group: 'selfish' }] }, []);
    const a = group('a', { b: ['group', { group: 'b' }] }, [], { outputs: ['images=b.images'] });
    const b = group('b', { a: ['group', { group: 'a' }] }, [], { outputs: ['images=a.images'] });
    const plan = compileTest(grouped({ x: ['group', { group: 'selfish' }], y: ['group', { group: 'a' }], o: ['output', {}] }, ['y.images>o.images'], [selfish, a, b]));
    expect(plan.calls).toEqual([]);
    const errors = plan.diagnostics.filter((d) => d.code === 'group-cycle');
    expect(errors.map((d) => [d.node, d.inner?.node, d.message])).toEqual([
      ['x', 'again', 'inner node again, param group: group "selfish" contains itself (selfish → selfish): a group cannot hold a node of its own group'],
      ['y', 'b/a', 'inner node b/a, param group: group "a" contains itself (a → b → a): a group cannot hold a node of its own group'],
    ]);
    expect(plan.diagnostics.find((d) => d.node === 'o')?.code).toBe('upstream-error');
  });

  it('refuses groups nested too deep', () => {
    const chain = Array.from({ length: 10 }, (_, i) => group(`d${i}`, i === 9 ? { p: ['prompt', { text: 'x' }] } : { n: ['group', { group: `d${i + 1}` }] }, []));
    const plan = compileTest(grouped({ top: ['group', { group: 'd0' }] }, [], chain));
    expect(plan.diagnostics.map((d) => [d.node, d.code])).toEqual([['top', 'group-too-deep']]);
  });

  it('says so when a group node names no group of the workflow, and blocks its dependents', () => {
    const plan = compileTest(grouped({ g: ['group', { group: 'missing' }], o: ['output', {}] }, ['g.images>o.images'], []));
    expect(plan.diagnostics.map((d) => [d.node, d.code, d.message])).toEqual([
      ['g', 'group-unknown', 'uses group "missing", which this workflow does not define'],
      ['o', 'upstream-error', 'is blocked: node g has errors'],
    ]);
  });

  it('reports problems inside a group on the group node, naming the inner node', () => {
    const plan = compileTest(
      grouped({ g: ['group', { group: 'look', overrides: { 's.num_outputs': 9 } }], o: ['output', {}] }, ['g.images>o.images'], [look]),
    );
    const bad = plan.diagnostics.map((d) => ({ node: d.node, port: d.port, param: d.param, inner: d.inner, code: d.code, text: formatDiagnostic(d) }));
    expect(bad).toEqual([
      // The group's `prompt` input is the sampler's: the editor can mark it on the group node.
      { node: 'g', port: 'prompt', param: undefined, inner: { node: 's', port: 'prompt' }, code: 'input-missing', text: 'error: node g: input prompt: inner node s: nothing is connected: connect a prompt' },
      {
        node: 'g',
        port: undefined,
        param: undefined,
        inner: { node: 's', param: 'num_outputs' },
        code: 'param-invalid',
        text: 'error: node g: inner node s, param num_outputs: must be a whole number between 1 and 4',
      },
      { node: 'o', port: undefined, param: undefined, inner: undefined, code: 'upstream-error', text: 'error: node o: is blocked: node g/s has errors' },
    ]);
  });

  it('refuses a wire to a port the group does not have, and does not run the group', () => {
    const plan = compileTest(grouped({ p: ['prompt', { text: 'x' }], g: ['group', { group: 'look' }] }, ['p.prompt>g.promt'], [look]));
    expect(plan.calls).toEqual([]);
    expect(plan.diagnostics.map((d) => [d.edge, d.node, d.code, d.message])).toEqual([['e1', 'g', 'edge-port', 'node g (group look) has no input "promt"']]);
  });

  it('reports a group whose ports point at nodes it does not have', () => {
    const broken = group('broken', { s: ['sampler', { seed: 1 }] }, [], { inputs: ['prompt=gone.prompt'] });
    const plan = compileTest(grouped({ g: ['group', { group: 'broken' }] }, [], [broken]));
    expect(plan.diagnostics.map((d) => [d.node, d.code])).toEqual([['g', 'group-port-invalid']]);
  });

  it('expands sweeps inside a group into the calls, keys and labels of the flat twin', () => {
    const plan = compileTest(withLook({ overrides: { 's.seed': sweep([1, 2, 3]) } }));
    expect(plan.calls.map((c) => [c.node, c.source, c.variant?.label])).toEqual([
      ['g/s#1', 'g', 'seed=1'],
      ['g/s#2', 'g', 'seed=2'],
      ['g/s#3', 'g', 'seed=3'],
    ]);
    expect(comparableCalls(plan, ungroupedId)).toEqual(comparableCalls(compileTest(flatTwin(sweep([1, 2, 3]) as never))));
  });

  it('uses one group twice without mixing the two', () => {
    const wf = grouped(
      { p: ['prompt', { text: 'x' }], a: ['group', { group: 'look' }], b: ['group', { group: 'look', overrides: { 's.seed': 12 } }] },
      ['p.prompt>a.prompt', 'p.prompt>b.prompt'],
      [look],
    );
    const plan = compileTest(wf);
    expect(plan.diagnostics).toEqual([]);
    expect(plan.calls.map((c) => [c.node, c.source, c.seed])).toEqual([
      ['a/s', 'a', 11],
      ['b/s', 'b', 12],
    ]);
  });
});
