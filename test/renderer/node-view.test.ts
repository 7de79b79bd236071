// What each node says about itself, from the compile result and the latest run.
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../nodes';
import { emptyWorkflow, type Workflow } from '../../src/engine';
import { deriveViews, nodeViews } from '../../src/renderer/store/node-view';
import type { CompileResult, DocState, OutputRef } from '../../src/renderer/store/state';
import { addNode, connect } from '../../src/renderer/store/workflow-edits';

const OUT: OutputRef = { sha256: 'd'.repeat(64), mediaType: 'image/webp', size: 1 };
const workflow: Workflow = produce(emptyWorkflow(), (w) => {
  addNode(w, 'prompt', { x: 0, y: 0 }, { text: 'a' });
  addNode(w, 'lora', { x: 0, y: 0 }, { source: 'fofr/x', trigger: 'TOK' });
  addNode(w, 'sampler', { x: 0, y: 0 });
  addNode(w, 'sampler', { x: 0, y: 0 });
  addNode(w, 'sampler', { x: 0, y: 0 });
  connect(w, catalog, { node: 'prompt-1', port: 'prompt' }, { node: 'sampler-1', port: 'prompt' });
  connect(w, catalog, { node: 'lora-1', port: 'lora' }, { node: 'sampler-1', port: 'lora' });
});

const call = (node: string, state: 'cached' | 'will-run' | 'pending', reason?: string) => ({
  node,
  source: node.replace(/#\d+$/, ''),
  state,
  key: null,
  estimatedSeconds: 3,
  estimatedCost: 0.01,
  ...(reason ? { reason } : {}),
});
const compile: CompileResult = {
  diagnostics: [
    { severity: 'error', code: 'upstream-error', node: 'sampler-3', message: 'is blocked: node lora-9 has errors' },
    { severity: 'error', code: 'param-range', node: 'sampler-2', param: 'num_outputs', message: 'must be a whole number between 1 and 4' },
  ],
  calls: [call('sampler-1', 'will-run', 'random seed')],
  nodes: { 'sampler-1': { triggersAdded: ['TOK'], outputSize: { width: 1024, height: 1024 } } },
  summary: { calls: 1, toRun: 1, cached: 0, estimatedCost: 0.01, estimatedSeconds: 3 },
};
const doc = (patch: Partial<DocState> = {}): DocState => ({
  documentId: 'd1',
  name: 'n',
  workflow,
  past: [],
  future: [],
  savedStepId: 0,
  loadWarnings: [],
  compile: { result: compile, workflow },
  outputs: {},
  lastSeeds: {},
  grids: {},
  selection: [],
  measured: {},
  ...patch,
});

describe('node views', () => {
  it('says will run (and why) for a new call, stale when earlier outputs exist, blocked and error from diagnostics', () => {
    const views = deriveViews(doc());
    expect(views['sampler-1']!.status).toEqual({ kind: 'will-run', label: 'will run', detail: 'random seed' });
    expect(views['sampler-2']!.status.kind).toBe('error');
    expect(views['sampler-2']!.params.num_outputs![0]!.message).toMatch(/between 1 and 4/);
    expect(views['sampler-3']!.status).toEqual({ kind: 'blocked', label: 'blocked', detail: 'node lora-9 has errors' });
    const stale = deriveViews(doc({ outputs: { 'sampler-1': [OUT] } }))['sampler-1']!;
    expect(stale.status.kind).toBe('stale');
    expect(stale.outputsStale).toBe(true);
    expect(stale.estimate).toEqual({ cost: 0.01, seconds: 3 });
  });

  it('shows a prompt the trigger words the sampler it feeds will add', () => {
    expect(deriveViews(doc())['prompt-1']!.triggers).toEqual(['TOK']);
  });

  it('lets a run override the compiled state while the workflow is the one that ran', () => {
    const run = { runId: 'r', status: 'running' as const, workflow, nodes: { 'sampler-1': { phase: 'running' as const, percent: 50 } } };
    expect(deriveViews(doc({ run }))['sampler-1']!.status).toEqual({ kind: 'running', label: 'running 50%', percent: 50 });
    const finished = { ...run, status: 'succeeded' as const, nodes: { 'sampler-1': { phase: 'succeeded' as const, outputs: [OUT] } } };
    expect(deriveViews(doc({ run: finished }))['sampler-1']!.status.kind).toBe('done');
    // After an edit, what the compiler says applies again.
    const edited = produce(workflow, (w) => void (w.nodes[0]!.params.text = 'b'));
    expect(deriveViews(doc({ run: finished, workflow: edited }))['sampler-1']!.status.kind).toBe('will-run');
  });

  it('says a call resumed the prediction an earlier run left running, while it runs and once done', () => {
    const run = { runId: 'r', status: 'running' as const, workflow, nodes: { 'sampler-1': { phase: 'running' as const, percent: 50, step: 14, total: 28, resumed: true as const } } };
    expect(deriveViews(doc({ run }))['sampler-1']!.status).toEqual({
      kind: 'running',
      label: 'running 50%',
      percent: 50,
      detail: 'resumed the prediction an earlier run left running: not paid again · step 14/28',
    });
    const finished = { ...run, status: 'succeeded' as const, nodes: { 'sampler-1': { phase: 'succeeded' as const, outputs: [OUT], predictTime: 2, resumed: true as const } } };
    expect(deriveViews(doc({ run: finished }))['sampler-1']!.status.detail).toBe('resumed the prediction an earlier run left running: not paid again · predicted in 2.0 s');
  });

  it('sums up a swept node’s calls: how many will run, the total estimate, and a run’s progress', () => {
    const swept: CompileResult = { ...compile, calls: [call('sampler-1#0', 'cached'), call('sampler-1#1', 'will-run', 'seed=2'), call('sampler-1#2', 'will-run', 'seed=3')] };
    const view = deriveViews(doc({ compile: { result: swept, workflow } }))['sampler-1']!;
    expect(view.status).toEqual({ kind: 'will-run', label: 'will run', detail: '2 of 3 calls: seed=2' });
    expect(view.estimate).toEqual({ cost: 0.02, seconds: 6 });
    const run = {
      runId: 'r',
      status: 'running' as const,
      workflow,
      nodes: { 'sampler-1#0': { phase: 'cached' as const, outputs: [OUT] }, 'sampler-1#1': { phase: 'running' as const, percent: 50 }, 'sampler-1#2': { phase: 'queued' as const } },
    };
    const running = deriveViews(doc({ compile: { result: swept, workflow }, run, outputs: { 'sampler-1#0': [OUT] } }))['sampler-1']!;
    expect(running.status).toMatchObject({ kind: 'running', label: '1/3 done', percent: 50 });
    expect(running.outputs).toEqual([OUT]);
  });

  it('lists a swept node’s variants with their labels and states, labels its outputs, and says 3/3 done', () => {
    const labelled = (node: string, label: string, state: 'cached' | 'will-run') => ({ ...call(node, state), label });
    const swept: CompileResult = { ...compile, calls: [labelled('sampler-1#1', 'seed=1', 'cached'), labelled('sampler-1#2', 'seed=2', 'will-run'), labelled('sampler-1#3', 'seed=3', 'will-run')] };
    const before = deriveViews(doc({ compile: { result: swept, workflow } }))['sampler-1']!;
    expect(before.variants).toEqual([
      { call: 'sampler-1#1', label: 'seed=1', kind: 'cached' },
      { call: 'sampler-1#2', label: 'seed=2', kind: 'will-run' },
      { call: 'sampler-1#3', label: 'seed=3', kind: 'will-run' },
    ]);
    const OTHER: OutputRef = { ...OUT, sha256: 'e'.repeat(64) };
    const nodes = {
      'sampler-1#1': { phase: 'cached' as const, outputs: [OUT] },
      'sampler-1#2': { phase: 'succeeded' as const, outputs: [OTHER] },
      'sampler-1#3': { phase: 'succeeded' as const, outputs: [OTHER, OUT] },
    };
    const run = { runId: 'r', status: 'succeeded' as const, workflow, nodes };
    const outputs = { 'sampler-1#1': [OUT], 'sampler-1#2': [OTHER], 'sampler-1#3': [OTHER, OUT] };
    const after = deriveViews(doc({ compile: { result: swept, workflow }, run, outputs }))['sampler-1']!;
    expect(after.status).toMatchObject({ kind: 'done', label: '3/3 done' });
    expect(after.variants!.map((v) => v.kind)).toEqual(['cached', 'done', 'done']);
    expect(after.outputs).toHaveLength(4);
    expect(after.outputLabels).toEqual(['seed=1', 'seed=2', 'seed=3', 'seed=3']);
    // One call: no variant list, no labels.
    expect(deriveViews(doc())['sampler-1']!.variants).toBeUndefined();
  });

  it('shows a grid node the grid its run drew', () => {
    const gridWorkflow = produce(workflow, (w) => void addNode(w, 'grid', { x: 0, y: 0 }));
    const views = deriveViews(doc({ workflow: gridWorkflow, grids: { 'grid-1': { image: OUT, runId: 'r' } } }));
    expect(views['grid-1']!.grid).toEqual(OUT);
    expect(views['sampler-1']!.grid).toBeUndefined();
  });

  it('keeps the same view object for a node whose view did not change', () => {
    const first = nodeViews(doc());
    const next = nodeViews(doc({ outputs: { 'sampler-1': [OUT] } }));
    expect(next['prompt-1']).toBe(first['prompt-1']);
    expect(next['sampler-1']).not.toBe(first['sampler-1']);
  });
});
