import { describe, expect, it } from 'vitest';
import { groupPackage, groupSelection, insertGroupPackage, readGroupPackage, type Workflow } from '../../../src/engine';
import { compileTest, SHA_A, SHA_B, workflow } from '../../helpers/build-workflow';
import { comparableCalls, group, grouped, ungroupedId } from './fixtures';

const asset = (data: string) => ({ type: 'image/png', data });

const look = group('look', { i: ['image', { asset: SHA_A }], s: ['sampler', { seed: 3, prompt_strength: 0.5 }] }, ['i.image>s.image'], {
  inputs: ['prompt=s.prompt'],
  outputs: ['images=s.images'],
});
const outer = group('outer', { inner: ['group', { group: 'look' }] }, [], { inputs: ['prompt=inner.prompt'], outputs: ['images=inner.images'] });
const source: Workflow = {
  ...grouped({ g: ['group', { group: 'outer' }] }, [], [look, outer, group('unused', {}, [])]),
  assets: { [SHA_A]: asset('AAAA'), [SHA_B]: asset('BBBB') },
};

describe('group packages', () => {
  it('carry a group with the groups nested in it and only the images they use', () => {
    const made = groupPackage(source, 'outer');
    if (!made.ok) throw new Error(made.error);
    expect(made.package.group.id).toBe('outer');
    expect(made.package.groups.map((g) => g.id)).toEqual(['look']);
    expect(Object.keys(made.package.assets)).toEqual([SHA_A]);
    expect(groupPackage(source, 'nope')).toEqual({ ok: false, error: 'this workflow has no group "nope"' });
  });

  it('insert into another workflow, which then compiles as the source did', () => {
    const made = groupPackage(source, 'outer');
    if (!made.ok) throw new Error(made.error);
    const target = workflow({ p: ['prompt', { text: 'a kite' }] });
    const inserted = insertGroupPackage(target, made.package);
    expect(inserted.groupId).toBe('outer');
    expect(inserted.renamed).toEqual({});
    expect(inserted.workflow.assets).toEqual({ [SHA_A]: asset('AAAA') });
    const used: Workflow = {
      ...inserted.workflow,
      nodes: [...inserted.workflow.nodes, { id: 'g', type: 'group', position: { x: 0, y: 0 }, params: { group: inserted.groupId } }],
      edges: [{ id: 'e1', from: { node: 'p', port: 'prompt' }, to: { node: 'g', port: 'prompt' } }],
    };
    const plan = compileTest(used);
    expect(plan.diagnostics).toEqual([]);
    expect(plan.calls.map((c) => [c.node, c.source])).toEqual([['g/inner/s', 'g']]);
  });

  it('reuse a group already there unchanged, and rename one whose id is taken by a different group', () => {
    const made = groupPackage(source, 'outer');
    if (!made.ok) throw new Error(made.error);
    const same = insertGroupPackage(source, made.package);
    expect(same.workflow.groups!.map((g) => g.id)).toEqual(['look', 'outer', 'unused']);
    expect(same.renamed).toEqual({});

    const otherLook = group('look', { p: ['prompt', { text: 'not the same' }] }, []);
    const clash = insertGroupPackage(grouped({}, [], [otherLook]), made.package);
    expect(clash.renamed).toEqual({ look: 'look-2' });
    expect(clash.workflow.groups!.map((g) => g.id)).toEqual(['look', 'look-2', 'outer']);
    // The package's group node now points at the renamed copy, not at the workflow's own "look".
    expect(clash.workflow.groups!.find((g) => g.id === 'outer')!.nodes[0]!.params).toEqual({ group: 'look-2' });
  });

  it('are read back only when they are Weft groups this version understands', () => {
    const made = groupPackage(source, 'outer');
    if (!made.ok) throw new Error(made.error);
    expect(readGroupPackage(JSON.parse(JSON.stringify(made.package)))).toEqual({ ok: true, package: made.package });
    expect(readGroupPackage({ format: 'weft-workflow' })).toEqual({ ok: false, error: 'not a Weft group: its format is "weft-workflow" (expected "weft-group")' });
    expect(readGroupPackage({ ...made.package, version: 3 })).toEqual({ ok: false, error: 'the group file is version 3; this Weft reads up to 1: update Weft to use it' });
    const broken = readGroupPackage({ ...made.package, group: { id: 'x' } });
    expect(broken.ok ? 'read' : broken.error).toBe('not a readable Weft group: group.name is missing');
  });

  it('make the round trip selection -> library -> another workflow without changing a call', () => {
    const flat = workflow(
      { p: ['prompt', { text: 'a kite' }], s: ['sampler', { seed: 8 }], t: ['sampler', { seed: 9, prompt_strength: 0.4 }] },
      ['p.prompt>s.prompt', 'p.prompt>t.prompt', 's.image>t.image'],
    );
    const selected = groupSelection(flat, ['s', 't'], 'Two passes');
    if (!selected.ok) throw new Error(selected.error);
    const made = groupPackage(selected.workflow, selected.groupId);
    if (!made.ok) throw new Error(made.error);
    const elsewhere = insertGroupPackage(workflow({ p: ['prompt', { text: 'a kite' }] }), JSON.parse(JSON.stringify(made.package)));
    const used: Workflow = {
      ...elsewhere.workflow,
      nodes: [...elsewhere.workflow.nodes, { id: 'two', type: 'group', position: { x: 0, y: 0 }, params: { group: elsewhere.groupId } }],
      edges: [{ id: 'w', from: { node: 'p', port: 'prompt' }, to: { node: 'two', port: 'prompt' } }],
    };
    expect(comparableCalls(compileTest(used), ungroupedId)).toEqual(comparableCalls(compileTest(flat)));
  });
});
