// The workflow as React Flow nodes: unchanged nodes keep their object, so only edited ones re-render.
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { emptyWorkflow } from '../../src/engine';
import { toFlowEdges, toFlowNodes } from '../../src/renderer/canvas/flow-model';
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
