// Grouping as the editor does it: the selection becomes one group node in one undoable step (and undo
// gives the graph back), the group node gets typed ports for the canvas, ungroup puts the nodes back,
// a library package inserts with a node using it, and the read-only list of inner nodes.
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../nodes';
import { emptyWorkflow, groupPackage, type Workflow } from '../../src/engine';
import { groupDefinition, groupNodes, groupOf, innerNodes, insertLibraryGroup, replaceWorkflow, ungroupNode } from '../../src/renderer/store/group-edits';
import { addNode, connect, definitionOf, refuseConnection } from '../../src/renderer/store/workflow-edits';
import { editWorkflow, undo } from '../../src/renderer/store/history';
import { appStore } from '../../src/renderer/store/app-store';
import { openDocument } from '../../src/renderer/store/documents';

function graph(): Workflow {
  return produce(emptyWorkflow(), (w) => {
    addNode(w, 'prompt', { x: 0, y: 0 }, { text: 'a fox' });
    addNode(w, 'lora', { x: 0, y: 200 }, { source: 'fofr/flux-80s-cyberpunk' });
    addNode(w, 'sampler', { x: 400, y: 0 }, { seed: 7 });
    addNode(w, 'output', { x: 800, y: 0 });
    connect(w, catalog, { node: 'prompt-1', port: 'prompt' }, { node: 'sampler-1', port: 'prompt' });
    connect(w, catalog, { node: 'lora-1', port: 'lora' }, { node: 'sampler-1', port: 'lora' });
    connect(w, catalog, { node: 'sampler-1', port: 'images' }, { node: 'output-1', port: 'images' });
  });
}

describe('group edits', () => {
  it('groups the selection into one node whose ports are the wires crossing it, typed for the canvas', () => {
    const result = groupNodes(graph(), ['lora-1', 'sampler-1'], 'Portrait look');
    if (!result.ok) throw new Error(result.error);
    const { workflow, groupNodeId } = result;
    expect(workflow.nodes.map((n) => n.id)).toEqual(['prompt-1', groupNodeId, 'output-1']);
    const node = workflow.nodes.find((n) => n.id === groupNodeId)!;
    expect(groupOf(workflow, node)?.name).toBe('Portrait look');
    const definition = definitionOf(workflow, catalog, node)!;
    expect(definition.inputs.map((p) => [p.name, p.type])).toEqual([['prompt', 'text']]);
    expect(definition.outputs.map((p) => [p.name, p.type])).toEqual([['images', 'images']]);
    // The same definition object while the group does not change: memoised nodes stay put.
    expect(groupDefinition(workflow, catalog, node)).toBe(definition);
    expect(refuseConnection(workflow, catalog, { node: 'prompt-1', port: 'prompt' }, { node: groupNodeId, port: 'prompt' })).toBeUndefined();
    expect(refuseConnection(workflow, catalog, { node: groupNodeId, port: 'images' }, { node: 'output-1', port: 'images' })).toBeUndefined();
  });

  it('refuses to group nothing or without a name', () => {
    expect(groupNodes(graph(), [], 'x')).toEqual({ ok: false, error: 'select the nodes to group first' });
    expect(groupNodes(graph(), ['sampler-1'], '  ')).toEqual({ ok: false, error: 'give the group a name' });
  });

  it('ungroups back to the same nodes and edges', () => {
    const before = graph();
    const grouped = groupNodes(before, ['lora-1', 'sampler-1'], 'Look');
    if (!grouped.ok) throw new Error(grouped.error);
    const back = ungroupNode(grouped.workflow, grouped.groupNodeId);
    if (!back.ok) throw new Error(back.error);
    expect(back.nodeIds.sort()).toEqual(['lora-1', 'sampler-1']);
    expect(back.workflow.groups).toBeUndefined();
    const edgesOf = (w: Workflow) => w.edges.map((e) => `${e.from.node}.${e.from.port}>${e.to.node}.${e.to.port}`).sort();
    expect(edgesOf(back.workflow)).toEqual(edgesOf(before));
    expect(ungroupNode(before, 'sampler-1')).toEqual({ ok: false, error: 'node sampler-1 is not a group' });
  });

  it('makes grouping one undoable step that keeps unchanged nodes as they were', () => {
    const workflow = graph();
    openDocument({ documentId: 'group-doc', name: 'g', workflow, warnings: [], migrations: [] });
    const grouped = groupNodes(workflow, ['lora-1', 'sampler-1'], 'Look');
    if (!grouped.ok) throw new Error(grouped.error);
    editWorkflow('group-doc', { label: 'group' }, (w) => replaceWorkflow(w, grouped.workflow));
    const after = appStore.get().docs['group-doc']!;
    expect(after.workflow.nodes.map((n) => n.type)).toEqual(['prompt', 'group', 'output']);
    expect(after.workflow.nodes[0]).toBe(workflow.nodes[0]);
    expect(after.past).toHaveLength(1);
    // Ungrouping drops the `groups` key the grouping added: the workflow is the one it was.
    const back = ungroupNode(after.workflow, grouped.groupNodeId);
    if (!back.ok) throw new Error(back.error);
    editWorkflow('group-doc', { label: 'ungroup' }, (w) => replaceWorkflow(w, back.workflow));
    expect('groups' in appStore.get().docs['group-doc']!.workflow).toBe(false);
    undo('group-doc');
    undo('group-doc');
    expect(appStore.get().docs['group-doc']!.workflow).toEqual(workflow);
  });

  it('inserts a library group with a node using it, renaming a group id the workflow uses differently', () => {
    const grouped = groupNodes(graph(), ['lora-1', 'sampler-1'], 'Look');
    if (!grouped.ok) throw new Error(grouped.error);
    const built = groupPackage(grouped.workflow, 'look');
    if (!built.ok) throw new Error(built.error);
    // The same group again: reused, a second node uses it.
    const again = insertLibraryGroup(grouped.workflow, built.package, { x: 100.4, y: 50 });
    expect(again.groupId).toBe('look');
    expect(again.workflow.groups).toHaveLength(1);
    expect(again.workflow.nodes.at(-1)).toEqual({ id: 'look-1', type: 'group', position: { x: 100, y: 50 }, params: { group: 'look' } });
    // A different group under the same id: added as look-2.
    const other = { ...built.package, group: { ...built.package.group, name: 'Other look', nodes: built.package.group.nodes.slice(1) } };
    const renamed = insertLibraryGroup(grouped.workflow, other, { x: 0, y: 0 });
    expect(renamed.groupId).toBe('look-2');
    expect(renamed.renamed).toEqual({ look: 'look-2' });
    expect(renamed.workflow.nodes.at(-1)!.params).toEqual({ group: 'look-2' });
  });

  it('lists the nodes inside a group with what they set and what the group node overrides', () => {
    const grouped = groupNodes(graph(), ['lora-1', 'sampler-1'], 'Look');
    if (!grouped.ok) throw new Error(grouped.error);
    const node = { ...grouped.workflow.nodes[1]!, params: { group: 'look', overrides: { 'sampler-1.seed': { $sweep: [1, 2] } } } };
    const inner = innerNodes(groupOf(grouped.workflow, node)!, node);
    expect(inner.map((n) => [n.id, n.type, n.settings, n.overridden])).toEqual([
      ['lora-1', 'lora', 'source=fofr/flux-80s-cyberpunk', []],
      ['sampler-1', 'sampler', 'seed=sweep ×2', ['seed']],
    ]);
  });
});
