import { describe, expect, it } from 'vitest';
import { compileTest, messagesOf, workflow, type NodeList } from '../../helpers/build-workflow';

describe('compiling a graph', () => {
  it('feeds an upstream output to img2img and orders the calls', () => {
    const wf = workflow(
      { p: ['prompt', { text: 'a fox' }], a: ['sampler', { seed: 1 }], q: ['prompt', { text: 'a fox, oil painting' }], b: ['sampler', { seed: 2, prompt_strength: 0.6 }], o: ['output', {}] },
      ['p.prompt>a.prompt', 'a.image>b.image', 'q.prompt>b.prompt', 'b.images>o.images', 'a.image>o.images'],
    );
    const plan = compileTest(wf);
    expect(plan.diagnostics).toEqual([]);
    expect(plan.calls.map((c) => [c.node, c.after])).toEqual([
      ['a', []],
      ['b', ['a']],
    ]);
    expect(plan.calls[1]!.input.image).toEqual({ $image: { output: { node: 'a', index: 0 } } });
    expect(plan.calls[0]!.key).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.calls[1]!.key).toBeNull();
    expect(plan.outputs).toEqual([{ node: 'o', prefix: 'weft', sources: [{ node: 'b' }, { node: 'a', index: 0 }] }]);
  });

  it('refuses a connection of the wrong type with a reason, and does not run its node as wired wrongly', () => {
    const wf = workflow({ p: ['prompt', { text: 'x' }], s: ['sampler', { seed: 1 }] }, ['p.prompt>s.prompt', 'p.prompt>s.image']);
    const plan = compileTest(wf);
    expect(plan.calls).toHaveLength(0);
    expect(plan.diagnostics).toEqual([
      { severity: 'error', code: 'edge-type', edge: 'e2', node: 's', port: 'image', message: 'a prompt cannot go into image (it takes an image)' },
    ]);
  });

  it('names a missing node, a missing port and a second edge into one input, and blocks the node', () => {
    const wf = workflow({ p: ['prompt', { text: 'x' }], q: ['prompt', { text: 'y' }], s: ['sampler', { seed: 1 }], t: ['sampler', { seed: 2 }] }, [
      'p.prompt>t.prompt',
      's.image>t.image',
      'p.prompt>s.prompt',
      'q.prompt>s.prompt',
      'p9.prompt>s.prompt',
      'p.nope>s.prompt',
    ]);
    const plan = compileTest(wf);
    expect(plan.diagnostics.map((d) => `${d.edge ?? d.node}: ${d.message}`)).toEqual([
      'e4: prompt of node s already takes edge e3: an input has one connection',
      'e5: node p9 does not exist',
      'e6: node p (prompt) has no output "nope"',
      't: is blocked: node s has errors',
    ]);
    expect(plan.calls).toHaveLength(0);
  });

  it('reports the same problems for a crowded input whatever order its edges are saved in', () => {
    // Found by the grouping property: a LoRA wired both from another LoRA and from itself. Which of the two
    // edges came first in the file decided whether the loop was seen.
    const nodes = { p: ['prompt', { text: 'x' }], l1: ['lora', { source: 'fofr/flux-pixar-cars' }], l2: ['lora', { source: 'huggingface.co/a/b' }], s: ['sampler', { seed: 1 }] } satisfies NodeList;
    const plain = ['p.prompt>s.prompt', 'l2.lora>s.lora'];
    const kinds = (edges: string[]) => compileTest(workflow(nodes, edges)).diagnostics.map((d) => `${d.node}:${d.code}`).sort();
    const chainFirst = kinds([...plain, 'l1.lora>l2.lora', 'l2.lora>l2.lora']);
    const loopFirst = kinds([...plain, 'l2.lora>l2.lora', 'l1.lora>l2.lora']);
    expect(chainFirst).toEqual(loopFirst);
    expect(chainFirst).toEqual(['l2:cycle', 'l2:edge-duplicate', 's:upstream-error']);
  });

  it('does not call a crowded required input missing', () => {
    const plan = compileTest(workflow({ p: ['prompt', { text: 'x' }], q: ['prompt', { text: 'y' }], s: ['sampler', { seed: 1 }] }, ['p.prompt>s.prompt', 'q.prompt>s.prompt']));
    expect(plan.diagnostics.map((d) => d.code)).toEqual(['edge-duplicate']);
    expect(plan.calls).toHaveLength(0);
  });

  it('says what is missing when a required input has nothing connected', () => {
    const plan = compileTest(workflow({ s: ['sampler', {}] }));
    expect(plan.diagnostics).toEqual([{ severity: 'error', code: 'input-missing', node: 's', port: 'prompt', message: 'nothing is connected: connect a prompt' }]);
  });

  it('gives no call to a sampler with errors, blocks its dependents by name, and compiles the rest', () => {
    const wf = workflow(
      { p: ['prompt', { text: 'x' }], bad: ['sampler', { num_outputs: 9 }], after: ['sampler', { seed: 1 }], fine: ['sampler', { seed: 2 }] },
      ['p.prompt>bad.prompt', 'bad.image>after.image', 'p.prompt>after.prompt', 'p.prompt>fine.prompt'],
    );
    const plan = compileTest(wf);
    expect(plan.calls.map((c) => c.node)).toEqual(['fine']);
    expect(plan.diagnostics).toEqual([
      { severity: 'error', code: 'param-invalid', node: 'bad', param: 'num_outputs', message: 'must be a whole number between 1 and 4' },
      { severity: 'error', code: 'upstream-error', node: 'after', message: 'is blocked: node bad has errors' },
    ]);
  });

  it('diagnoses cycles and what hangs behind them, and still compiles the rest', () => {
    const wf = workflow(
      { p: ['prompt', { text: 'x' }], a: ['sampler', { seed: 1 }], b: ['sampler', { seed: 2 }], c: ['sampler', { seed: 3 }], d: ['sampler', { seed: 4 }] },
      ['p.prompt>a.prompt', 'p.prompt>b.prompt', 'p.prompt>c.prompt', 'p.prompt>d.prompt', 'a.image>b.image', 'b.image>a.image', 'b.image>c.image'],
    );
    const plan = compileTest(wf);
    expect(plan.calls.map((c) => c.node)).toEqual(['d']);
    expect(messagesOf(plan, 'error').sort()).toEqual(['a cycle', 'b cycle', 'c upstream-error']);
    expect(plan.diagnostics.find((d) => d.node === 'a')!.message).toMatch(/cycle \((a → b → a|b → a → b)\)/);
  });

  it('keeps a node of unknown type, warns, and blocks only what depends on it', () => {
    const wf = workflow({ p: ['prompt', { text: 'x' }], u: ['upscaler', { factor: 4 }], s: ['sampler', { seed: 1 }], t: ['sampler', { seed: 2 }] }, [
      'p.prompt>s.prompt',
      'u.image>s.image',
      'p.prompt>t.prompt',
    ]);
    const plan = compileTest(wf);
    expect(plan.calls.map((c) => c.node)).toEqual(['t']);
    expect(messagesOf(plan)).toEqual(['u unknown-type', 's upstream-error']);
    expect(plan.diagnostics[1]!.message).toBe('is blocked: node u has an unknown type');
  });

  it('warns about a param the node type does not have, and keeps going', () => {
    const plan = compileTest(workflow({ p: ['prompt', { text: 'x', colour: 'red' }], s: ['sampler', { seed: 1 }] }, ['p.prompt>s.prompt']));
    expect(plan.calls).toHaveLength(1);
    expect(messagesOf(plan)).toEqual(['p.colour param-unknown']);
  });

  it('image nodes need exactly one source; URLs must be https; assets must exist', () => {
    const plan = compileTest(
      workflow({
        none: ['image', {}],
        two: ['image', { path: '/a.png', url: 'https://x/y.png' }],
        http: ['image', { url: 'http://example.com/a.png' }],
        gone: ['image', { asset: 'f'.repeat(64) }],
      }),
    );
    expect(messagesOf(plan)).toEqual(['none image-no-source', 'two.url image-many-sources', 'http.url url-invalid', 'gone.asset asset-missing']);
  });

  it('without the runtime, a file image is pending and its call has no key yet', () => {
    const wf = workflow({ i: ['image', { path: 'photo.png' }], p: ['prompt', { text: 'x' }], s: ['sampler', { seed: 1 }] }, ['i.image>s.image', 'p.prompt>s.prompt']);
    const plan = compileTest(wf);
    expect(plan.calls[0]!.input.image).toEqual({ $image: { pending: { kind: 'file', path: 'photo.png' } } });
    expect(plan.calls[0]!.key).toBeNull();
  });

  it('reports a file the runtime could not read on the image node', () => {
    const wf = workflow({ i: ['image', { path: '/nope.png' }], p: ['prompt', { text: 'x' }], s: ['sampler', { seed: 1 }] }, ['i.image>s.image', 'p.prompt>s.prompt']);
    const plan = compileTest(wf, { image: () => ({ error: 'file not found: /nope.png' }) });
    expect(plan.diagnostics[0]).toMatchObject({ node: 'i', param: 'path', message: 'file not found: /nope.png' });
  });

  it('the output node writes only results, and checks its prefix', () => {
    const wf = workflow({ i: ['image', { asset: 'a'.repeat(64) }], o: ['output', { prefix: '../evil' }] }, ['i.image>o.images'], {
      assets: { ['a'.repeat(64)]: { type: 'image/png', data: '' } },
    });
    expect(messagesOf(compileTest(wf))).toEqual(['o.prefix prefix-invalid']);
  });
});
