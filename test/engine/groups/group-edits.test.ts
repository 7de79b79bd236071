// The editor's group edits, example by example (the property test covers arbitrary graphs).
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../nodes';
import { groupPorts, groupSelection, ungroup } from '../../../src/engine';
import { workflow } from '../../helpers/build-workflow';
import { group, grouped } from './fixtures';

const flat = workflow(
  { p: ['prompt', { text: 'x' }], a: ['sampler', { seed: 1 }], b: ['sampler', { seed: 2, prompt_strength: 0.5 }], o: ['output', {}] },
  ['p.prompt>a.prompt', 'p.prompt>b.prompt', 'a.image>b.image', 'a.images>o.images', 'b.images>o.images'],
);

describe('groupSelection', () => {
  it('infers one input per outside source and one output per inside source', () => {
    const made = groupSelection(flat, ['a', 'b'], 'Two passes');
    if (!made.ok) throw new Error(made.error);
    expect(made.groupNodeId).toBe('two-passes');
    const def = made.workflow.groups![0]!;
    expect(def).toMatchObject({ id: 'two-passes', name: 'Two passes' });
    expect(def.inputs).toEqual([
      { name: 'prompt', node: 'a', port: 'prompt' },
      { name: 'prompt', node: 'b', port: 'prompt' },
    ]);
    expect(def.outputs).toEqual([
      { name: 'images', node: 'a', port: 'images' },
      { name: 'images-2', node: 'b', port: 'images' },
    ]);
    expect(def.edges.map((e) => e.id)).toEqual(['e3']);
    expect(made.workflow.nodes.map((n) => n.id)).toEqual(['p', 'two-passes', 'o']);
    expect(made.workflow.edges.map((e) => `${e.from.node}.${e.from.port}>${e.to.node}.${e.to.port}`)).toEqual([
      'p.prompt>two-passes.prompt',
      'two-passes.images>o.images',
      'two-passes.images-2>o.images',
    ]);
    // Inner positions are relative to the group node, which sits at the selection's top-left corner.
    expect(made.workflow.nodes[1]!.position).toEqual({ x: 200, y: 0 });
    expect(def.nodes.map((n) => n.position)).toEqual([{ x: 0, y: 0 }, { x: 200, y: 0 }]);
  });

  it('says what is wrong with a selection it cannot group', () => {
    expect(groupSelection(flat, [], 'x')).toEqual({ ok: false, error: 'select the nodes to group first' });
    expect(groupSelection(flat, ['a', 'zz'], 'x')).toEqual({ ok: false, error: 'there is no node zz in this workflow' });
    expect(groupSelection(flat, ['a'], '  ')).toEqual({ ok: false, error: 'give the group a name' });
  });

  it('never reuses a taken group or node id', () => {
    const once = groupSelection(flat, ['a'], 'Pass');
    if (!once.ok) throw new Error(once.error);
    const twice = groupSelection(once.workflow, ['b'], 'Pass');
    if (!twice.ok) throw new Error(twice.error);
    expect([twice.groupId, twice.groupNodeId]).toEqual(['pass-2', 'pass-2']);
  });
});

describe('ungroup', () => {
  const look = group('look', { s: ['sampler', { seed: 1 }], o: ['output', {}] }, ['s.images>o.images'], { inputs: ['prompt=s.prompt'] });

  it('writes overrides into the inner params, renames ids the canvas has, and drops the unused definition', () => {
    const wf = grouped({ s: ['prompt', { text: 'x' }], g: ['group', { group: 'look', overrides: { 's.seed': 5 } }] }, ['s.prompt>g.prompt'], [look]);
    const result = ungroup(wf, 'g');
    if (!result.ok) throw new Error(result.error);
    expect(result.nodeIds).toEqual(['s-2', 'o']);
    expect(result.workflow.nodes.map((n) => [n.id, n.params])).toEqual([
      ['s', { text: 'x' }],
      ['s-2', { seed: 5 }],
      ['o', {}],
    ]);
    expect(result.workflow.edges.map((e) => `${e.id}: ${e.from.node}>${e.to.node}`)).toEqual(['e1: s>s-2', 'e1-2: s-2>o']);
    expect(result.workflow.groups).toBeUndefined();
  });

  it('keeps a definition another node still uses, and refuses what is not a group node', () => {
    const wf = grouped({ a: ['group', { group: 'look' }], b: ['group', { group: 'look' }] }, [], [look]);
    const result = ungroup(wf, 'a');
    if (!result.ok) throw new Error(result.error);
    expect(result.workflow.groups!.map((g) => g.id)).toEqual(['look']);
    expect(ungroup(wf, 'zz')).toEqual({ ok: false, error: 'there is no node zz in this workflow' });
    expect(ungroup(workflow({ p: ['prompt'] }), 'p')).toEqual({ ok: false, error: 'node p is not a group' });
  });
});

describe('groupPorts', () => {
  it('types each port as the inner port it stands for, through nested groups', () => {
    const inner = group('inner', { s: ['sampler', {}], o: ['output', {}] }, [], { inputs: ['prompt=s.prompt', 'mask=s.mask', 'gather=o.images'], outputs: ['first=s.image'] });
    const outer = group('outer', { n: ['group', { group: 'inner' }] }, [], { inputs: ['text=n.prompt', 'mask=n.mask'], outputs: ['picture=n.first', 'gone=n.nothing'] });
    const wf = grouped({}, [], [inner, outer]);
    const ports = groupPorts(outer, wf, catalog);
    expect(ports.inputs.map((p) => [p.name, p.type, p.optional, p.multiple])).toEqual([
      ['text', 'text', false, false],
      ['mask', 'mask', true, false],
    ]);
    expect(ports.outputs.map((p) => [p.name, p.type])).toEqual([['picture', 'image']]);
    expect(groupPorts(inner, wf, catalog).inputs.find((p) => p.name === 'gather')).toMatchObject({ type: 'images', multiple: true, accepts: ['image'] });
  });
});
