import { describe, expect, it } from 'vitest';
import { callKey, canonicalJson, sha256Hex, type Workflow } from '../../../src/engine';
import { compileTest, workflow } from '../../helpers/build-workflow';

const base = () =>
  workflow({ p: ['prompt', { text: 'a boat' }], s: ['sampler', { seed: 3 }], t: ['sampler', { seed: 4, prompt_strength: 0.5 }] }, ['p.prompt>s.prompt', 's.image>t.image', 'p.prompt>t.prompt']);

const keys = (wf: Workflow) => compileTest(wf).calls.map((c) => c.key);

describe('cache keys', () => {
  it('hash model, version and the exact input, with sorted keys', () => {
    const call = compileTest(base()).calls[0]!;
    expect(call.key).toBe(sha256Hex(canonicalJson({ model: call.model, version: call.version, input: call.input })));
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
  });

  it('do not change with positions, names, node ids, titles or ui state', () => {
    const before = keys(base());
    const moved = base();
    moved.name = 'renamed';
    moved.ui = { viewport: { x: 1, y: 2, zoom: 3 }, selection: ['s'] };
    moved.nodes.forEach((n, i) => {
      n.position = { x: i * 999, y: -5 };
      n.title = `title ${i}`;
    });
    const renamed = JSON.parse(JSON.stringify(moved).replaceAll('"s"', '"sampler-1"')) as Workflow;
    expect(keys(moved)).toEqual(before);
    expect(keys(renamed)).toEqual(before);
  });

  it('do not change with params the model ignores', () => {
    const before = keys(base());
    const wf = base();
    // img2img ignores the aspect ratio; without custom, width is not sent; PNG would ignore quality.
    wf.nodes.find((n) => n.id === 't')!.params.aspect_ratio = '16:9';
    wf.nodes.find((n) => n.id === 's')!.params.width = 640;
    expect(keys(wf)).toEqual(before);
  });

  it('change with anything that is sent', () => {
    const wf = base();
    wf.nodes.find((n) => n.id === 's')!.params.guidance = 3.5;
    expect(keys(wf)[0]).not.toEqual(keys(base())[0]);
  });

  it('of a call below another are known once the upstream output is', () => {
    const downstream = compileTest(base()).calls[1]!;
    expect(downstream.key).toBeNull();
    const sha = 'e'.repeat(64);
    const key = callKey(downstream, (node, index) => (node === 's' && index === 0 ? sha : undefined));
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    // The same bytes from anywhere give the same key: an asset with those bytes as the image.
    const direct = workflow(
      { i: ['image', { asset: sha }], p: ['prompt', { text: 'a boat' }], t: ['sampler', { seed: 4, prompt_strength: 0.5 }] },
      ['i.image>t.image', 'p.prompt>t.prompt'],
      { assets: { [sha]: { type: 'image/png', data: '' } } },
    );
    expect(compileTest(direct).calls[0]!.key).toBe(key);
  });
});
