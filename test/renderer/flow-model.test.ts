// The workflow as React Flow nodes: unchanged nodes keep their object, so only edited ones re-render.
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { emptyWorkflow } from '../../src/engine';
import { toFlowEdges, toFlowNodes, writeMeasured } from '../../src/renderer/canvas/flow-model';
import { addNode, setParam } from '../../src/renderer/store/workflow-edits';

describe('flow model', () => {
  it('re-creates only the node that changed, and follows drag positions without touching the workflow', () => {
    const w1 = produce(emptyWorkflow(), (w) => {
      for (let i = 0; i < 50; i++) addNode(w, 'prompt', { x: i * 10, y: 0 });
    });
    const w2 = produce(w1, (w) => setParam(w, 'prompt-7', 'text', 'changed'));
    const a = toFlowNodes(w1, [], {}, new Map());
    const b = toFlowNodes(w2, [], {}, new Map());
    const changed = b.filter((node, i) => node !== a[i]).map((n) => n.id);
    expect(changed).toEqual(['prompt-7']);
    const selected = toFlowNodes(w2, ['prompt-3'], {}, new Map([['prompt-4', { x: 1, y: 2 }]]));
    expect(selected.filter((node, i) => node !== b[i]).map((n) => n.id)).toEqual(['prompt-3', 'prompt-4']);
    expect(selected[3]!.position).toEqual({ x: 1, y: 2 });
  });

  it('keeps node objects when only their measured size changes; a re-made node carries the latest size', () => {
    const w = produce(emptyWorkflow(), (d) => {
      for (let i = 0; i < 3; i++) addNode(d, 'prompt', { x: i * 10, y: 0 });
    });
    const first = toFlowNodes(w, [], {}, new Map());
    const sizes = { 'prompt-1': { width: 300, height: 120 }, 'prompt-2': { width: 300, height: 90 } };
    // React Flow measured them: the same objects, so it adopts and re-renders nothing.
    const after = toFlowNodes(w, [], sizes, new Map());
    expect(after.every((node, i) => node === first[i])).toBe(true);
    // Its minimap reads the size from those objects: written onto them.
    writeMeasured(after, sizes);
    expect(after[0]!.measured).toEqual({ width: 300, height: 120 });
    expect(after[2]!.measured).toBeUndefined();
    // A node made again (here, selected) is never unmeasured.
    const selected = toFlowNodes(w, ['prompt-2'], sizes, new Map());
    expect(selected[1]).not.toBe(after[1]);
    expect(selected[1]!.measured).toEqual({ width: 300, height: 90 });
  });

  it('colours an edge by the type of its output and marks invalid ones', () => {
    const w = produce(emptyWorkflow(), (d) => {
      addNode(d, 'prompt', { x: 0, y: 0 });
      addNode(d, 'sampler', { x: 0, y: 0 });
      d.edges.push({ id: 'e1', from: { node: 'prompt-1', port: 'prompt' }, to: { node: 'sampler-1', port: 'prompt' } });
    });
    const [ok] = toFlowEdges(w, new Set(), new Set(), new Set());
    expect(toFlowEdges(w, new Set(), new Set(), new Set())[0]).toBe(ok);
    expect(ok!.style?.stroke).toBe('#e0b050');
    const [bad] = toFlowEdges(w, new Set(['e1']), new Set(), new Set());
    expect(bad!.className).toContain('invalid');
  });
});
