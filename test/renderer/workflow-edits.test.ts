// The workflow edits behind every canvas gesture, on plain data.
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../nodes';
import { emptyWorkflow, type Workflow } from '../../src/engine';
import { addNode, connect, extractFragment, insertFragment, parseFragment, refuseConnection, removeNodes, setNodeAsset } from '../../src/renderer/store/workflow-edits';

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

function graph(): Workflow {
  return produce(emptyWorkflow(), (w) => {
    addNode(w, 'prompt', { x: 0, y: 0 }, { text: 'hi' });
    addNode(w, 'prompt', { x: 0, y: 200 }, { text: 'other' });
    addNode(w, 'sampler', { x: 400, y: 0 });
    addNode(w, 'output', { x: 800, y: 0 });
  });
}

describe('workflow edits', () => {
  it('names new nodes by type with the smallest free number', () => {
    expect(graph().nodes.map((n) => n.id)).toEqual(['prompt-1', 'prompt-2', 'sampler-1', 'output-1']);
  });

  it('refuses a connection of the wrong type with the reason users read', () => {
    expect(refuseConnection(graph(), catalog, { node: 'prompt-1', port: 'prompt' }, { node: 'sampler-1', port: 'image' })).toBe('a prompt cannot go into image (it takes an image)');
    expect(refuseConnection(graph(), catalog, { node: 'prompt-1', port: 'prompt' }, { node: 'sampler-1', port: 'prompt' })).toBeUndefined();
    expect(refuseConnection(graph(), catalog, { node: 'sampler-1', port: 'image' }, { node: 'sampler-1', port: 'image' })).toBe('a node cannot feed itself');
  });

  it('replaces what fed a single input, but adds to an input that takes many', () => {
    const w = produce(graph(), (d) => {
      connect(d, catalog, { node: 'prompt-1', port: 'prompt' }, { node: 'sampler-1', port: 'prompt' });
      connect(d, catalog, { node: 'prompt-2', port: 'prompt' }, { node: 'sampler-1', port: 'prompt' });
      connect(d, catalog, { node: 'sampler-1', port: 'images' }, { node: 'output-1', port: 'images' });
      connect(d, catalog, { node: 'sampler-1', port: 'image' }, { node: 'output-1', port: 'images' });
      connect(d, catalog, { node: 'sampler-1', port: 'image' }, { node: 'output-1', port: 'images' });
    });
    expect(w.edges.filter((e) => e.to.node === 'sampler-1').map((e) => e.from.node)).toEqual(['prompt-2']);
    expect(w.edges.filter((e) => e.to.node === 'output-1').map((e) => e.from.port)).toEqual(['images', 'image']);
  });

  it('removes a node with its edges and the assets only it used', () => {
    const w = produce(emptyWorkflow(), (d) => {
      addNode(d, 'image', { x: 0, y: 0 });
      addNode(d, 'image', { x: 0, y: 0 });
      addNode(d, 'mask', { x: 0, y: 0 });
      setNodeAsset(d, 'image-1', SHA_A, { type: 'image/png', data: 'AA==' }, ['path', 'url', 'asset']);
      setNodeAsset(d, 'image-2', SHA_A, { type: 'image/png', data: 'AA==' }, ['path', 'url', 'asset']);
      setNodeAsset(d, 'mask-1', SHA_B, { type: 'image/png', data: 'BB==' }, ['path', 'asset']);
      connect(d, catalog, { node: 'image-1', port: 'image' }, { node: 'mask-1', port: 'image' });
    });
    const without1 = produce(w, (d) => removeNodes(d, ['image-1']));
    expect(without1.edges).toEqual([]);
    expect(Object.keys(without1.assets)).toEqual([SHA_A, SHA_B]);
    const withoutBoth = produce(without1, (d) => removeNodes(d, ['image-2', 'mask-1']));
    expect(withoutBoth.assets).toEqual({});
  });

  it('drops a repainted mask’s previous asset, so files do not grow with every stroke', () => {
    const w = produce(emptyWorkflow(), (d) => {
      addNode(d, 'mask', { x: 0, y: 0 });
      setNodeAsset(d, 'mask-1', SHA_A, { type: 'image/png', data: 'AA==' }, ['path', 'asset']);
      setNodeAsset(d, 'mask-1', SHA_B, { type: 'image/png', data: 'BB==' }, ['path', 'asset']);
    });
    expect(Object.keys(w.assets)).toEqual([SHA_B]);
    expect(w.nodes[0]!.params).toEqual({ asset: SHA_B });
  });

  it('copies nodes with the edges among them and their assets, and pastes them under fresh ids', () => {
    const w = produce(graph(), (d) => {
      connect(d, catalog, { node: 'prompt-1', port: 'prompt' }, { node: 'sampler-1', port: 'prompt' });
      connect(d, catalog, { node: 'sampler-1', port: 'images' }, { node: 'output-1', port: 'images' });
    });
    const fragment = extractFragment(w, ['prompt-1', 'sampler-1'])!;
    expect(fragment.edges).toHaveLength(1);
    const text = JSON.stringify(fragment);
    expect(parseFragment('not json')).toBeUndefined();
    expect(parseFragment(JSON.stringify({ format: 'weft-clipboard', nodes: [{ id: 1 }], edges: [] }))).toBeUndefined();
    let ids: string[] = [];
    const pasted = produce(w, (d) => {
      ids = insertFragment(d, parseFragment(text)!, { x: 1000, y: 500 });
    });
    expect(ids).toEqual(['prompt-3', 'sampler-2']);
    const edge = pasted.edges.at(-1)!;
    expect([edge.from.node, edge.to.node]).toEqual(['prompt-3', 'sampler-2']);
    expect(pasted.nodes.find((n) => n.id === 'prompt-3')!.position).toEqual({ x: 1000, y: 500 });
    expect(pasted.nodes.find((n) => n.id === 'prompt-3')!.params).toEqual({ text: 'hi' });
  });
});
