// What each node shows, derived from the compile result and the latest run: its state (cached, stale and
// why, queued, running with progress, failed, blocked), its diagnostics by place, its outputs and facts.
// Views keep their identity while unchanged, so a memoised node re-renders only when its own view moves.
import { isRunActive } from './run-events';
import type { CompileResult, Diagnostic, DocState, NodeInfo, NodeRun, OutputRef } from './state';

export type StatusKind =
  | 'idle'
  | 'cached'
  | 'stale'
  | 'will-run'
  | 'pending'
  | 'queued'
  | 'uploading'
  | 'running'
  | 'done'
  | 'failed'
  | 'blocked'
  | 'canceled'
  | 'error';

export interface NodeStatus {
  kind: StatusKind;
  label: string;
  detail?: string;
  percent?: number | null;
}

export interface NodeView {
  status: NodeStatus;
  /** Diagnostics about the node as a whole (not a param or a port). */
  general: Diagnostic[];
  params: Record<string, Diagnostic[]>;
  ports: Record<string, Diagnostic[]>;
  info?: NodeInfo;
  outputs?: OutputRef[];
  /** The outputs shown come from settings that have changed since. */
  outputsStale: boolean;
  /** For a prompt: the trigger words the samplers it feeds will put in front of it. */
  triggers?: string[];
  lastSeed?: number;
  estimate?: { cost: number; seconds: number };
  /** A node that expands to several calls (a sweep, a group): each call with its label and state. */
  variants?: VariantView[];
  /** Beside `outputs`, one each: the variant that made it ("seed=2"), when the node has several calls. */
  outputLabels?: string[];
  /** A grid node: the XY grid it drew after the latest run. */
  grid?: OutputRef;
}

/** One call of a node that expands to several. */
export interface VariantView {
  /** The call's id: `s1#2`, `g/s1`... */
  call: string;
  /** What sets it apart: its sweep values ("seed=2, guidance=3.5"), or the inner node of a group. */
  label: string;
  kind: StatusKind;
}

const EMPTY_VIEW: NodeView = { status: { kind: 'idle', label: '' }, general: [], params: {}, ports: {}, outputsStale: false };

type Inputs = Pick<DocState, 'workflow' | 'compile' | 'run' | 'outputs' | 'lastSeeds' | 'grids'>;
interface Cache {
  inputs: Inputs;
  views: Record<string, NodeView>;
  keys: Record<string, string>;
}
// Documents are immutable snapshots, so the cache hangs on the document id and is checked against the
// identities of the inputs it was derived from.
const caches = new Map<string, Cache>();

function sameInputs(a: Inputs, b: Inputs): boolean {
  return a.workflow === b.workflow && a.compile === b.compile && a.run === b.run && a.outputs === b.outputs && a.lastSeeds === b.lastSeeds && a.grids === b.grids;
}

/** Views for every node of a document; an unchanged node keeps the very same view object. */
export function nodeViews(doc: DocState): Record<string, NodeView> {
  const cache = caches.get(doc.documentId);
  if (cache && sameInputs(cache.inputs, doc)) return cache.views;
  const views: Record<string, NodeView> = {};
  const keys: Record<string, string> = {};
  for (const [id, view] of Object.entries(deriveViews(doc))) {
    const key = JSON.stringify(view);
    keys[id] = key;
    views[id] = cache && cache.keys[id] === key ? cache.views[id]! : view;
  }
  const inputs: Inputs = { workflow: doc.workflow, compile: doc.compile, run: doc.run, outputs: doc.outputs, lastSeeds: doc.lastSeeds, grids: doc.grids };
  caches.set(doc.documentId, { inputs, views, keys });
  return views;
}

export function nodeView(doc: DocState | undefined, nodeId: string): NodeView {
  return (doc && nodeViews(doc)[nodeId]) || EMPTY_VIEW;
}

export function forgetViews(documentId: string): void {
  caches.delete(documentId);
}

type CallState = CompileResult['calls'][number];

/** The canvas node a call belongs to: `s1#2` (a sweep's call) and `g/s1` (inside a group) belong to s1 and g. */
export function callSource(callId: string, known?: ReadonlyMap<string, string>): string {
  return known?.get(callId) ?? callId.replace(/#\d+$/, '').split('/')[0]!;
}

function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

export function deriveViews(doc: Inputs): Record<string, NodeView> {
  const result = doc.compile?.result;
  const run = doc.run && (isRunActive(doc.run) || doc.run.workflow === doc.workflow) ? doc.run : undefined;
  const sources = new Map((result?.calls ?? []).map((c) => [c.node, c.source ?? callSource(c.node)] as const));
  const callsOf = groupBy(result?.calls ?? [], (c) => sources.get(c.node)!);
  const runsOf = groupBy(Object.entries(run?.nodes ?? {}), ([callId]) => callSource(callId, sources));
  const keptOutputsOf = groupBy(Object.entries(doc.outputs), ([callId]) => callSource(callId, sources));
  const byNode = new Map<string, Diagnostic[]>();
  for (const d of result?.diagnostics ?? []) {
    const node = d.node ?? (d.edge ? doc.workflow.edges.find((e) => e.id === d.edge)?.to.node : undefined);
    if (!node) continue;
    const list = byNode.get(node);
    if (list) list.push(d);
    else byNode.set(node, [d]);
  }
  const triggers = triggersByPrompt(doc, result?.nodes ?? {});
  const views: Record<string, NodeView> = {};
  for (const node of doc.workflow.nodes) {
    const diagnostics = byNode.get(node.id) ?? [];
    const params: Record<string, Diagnostic[]> = {};
    const ports: Record<string, Diagnostic[]> = {};
    const general: Diagnostic[] = [];
    for (const d of diagnostics) {
      if (d.param) (params[d.param] ??= []).push(d);
      else if (d.port) (ports[d.port] ??= []).push(d);
      else if (d.edge) {
        const edge = doc.workflow.edges.find((e) => e.id === d.edge);
        if (edge) (ports[edge.to.port] ??= []).push(d);
        else general.push(d);
      } else general.push(d);
    }
    const calls = callsOf.get(node.id) ?? [];
    const runEntries = runsOf.get(node.id) ?? [];
    const runs = runEntries.map(([, r]) => r);
    // Outputs in call order: the latest run's (or cache hit's) for each call, else what the compiler knows.
    const kept = new Map(keptOutputsOf.get(node.id) ?? []);
    const outputsOf = (c: CallState) => kept.get(c.node) ?? c.outputs ?? [];
    const outputs = calls.length ? calls.flatMap(outputsOf) : [...kept.values()].flat();
    const status = runs.length ? statusFromRuns(runs) : statusFromCompile(diagnostics, calls, outputs.length > 0);
    const settled = runs.length > 0 && runs.every((r) => r.phase === 'succeeded' || r.phase === 'cached');
    const view: NodeView = {
      status,
      general,
      params,
      ports,
      outputsStale: !settled && outputs.length > 0 && calls.some((c) => c.state !== 'cached'),
    };
    const info = result?.nodes[node.id];
    if (info) view.info = info;
    if (outputs.length) view.outputs = outputs;
    const t = triggers.get(node.id);
    if (t?.length) view.triggers = t;
    const seed = doc.lastSeeds[node.id];
    if (seed !== undefined) view.lastSeed = seed;
    const toRun = calls.filter((c) => c.state !== 'cached');
    if (toRun.length) view.estimate = { cost: toRun.reduce((sum, c) => sum + c.estimatedCost, 0), seconds: toRun.reduce((sum, c) => sum + c.estimatedSeconds, 0) };
    if (calls.length > 1) {
      const phases = new Map(runEntries);
      view.variants = calls.map((c) => ({ call: c.node, label: variantLabel(c, node.id), kind: variantKind(c, phases.get(c.node)) }));
      if (outputs.length) view.outputLabels = calls.flatMap((c) => outputsOf(c).map(() => variantLabel(c, node.id)));
    }
    const grid = doc.grids[node.id];
    if (grid) view.grid = grid.image;
    views[node.id] = view;
  }
  return views;
}

/** What sets one of a node's calls apart: its sweep values, or (inside a group) the inner node's path. */
function variantLabel(call: CallState, nodeId: string): string {
  if (call.label) return call.label;
  return call.node.startsWith(`${nodeId}/`) ? call.node.slice(nodeId.length + 1) : call.node;
}

/** A call's state: the run's while it has one, else what compiling says. */
function variantKind(call: CallState, run: NodeRun | undefined): StatusKind {
  if (run) return run.phase === 'succeeded' ? 'done' : run.phase === 'running' ? 'running' : run.phase;
  return call.state === 'cached' ? 'cached' : call.state;
}

/** One node's state from its calls in the run: one call reads as before; several are summed up. */
function statusFromRuns(runs: readonly NodeRun[]): NodeStatus {
  if (runs.length === 1) return statusFromRun(runs[0]!);
  const count = (...phases: NodeRun['phase'][]) => runs.filter((r) => phases.includes(r.phase)).length;
  const finished = count('succeeded', 'cached');
  if (count('queued', 'uploading', 'running') > 0) {
    const percent = runs.reduce((sum, r) => sum + (r.phase === 'succeeded' || r.phase === 'cached' ? 100 : r.phase === 'running' ? (r.percent ?? 0) : 0), 0) / runs.length;
    return { kind: 'running', label: `${finished}/${runs.length} done`, percent, detail: `${finished} of ${runs.length} calls done` };
  }
  const failed = runs.find((r) => r.phase === 'failed');
  if (failed) return { kind: 'failed', label: `failed ${count('failed')}/${runs.length}`, detail: failed.error ?? 'a prediction failed' };
  const blocked = runs.find((r) => r.phase === 'blocked');
  if (blocked) return statusFromRun(blocked);
  if (count('canceled')) return { kind: 'canceled', label: 'canceled', detail: `${finished} of ${runs.length} calls finished` };
  return count('cached') === runs.length
    ? { kind: 'cached', label: 'cached', detail: `all ${runs.length} calls answered from the cache: no new prediction` }
    : { kind: 'done', label: `${finished}/${runs.length} done`, detail: `${count('succeeded')} ran, ${count('cached')} from the cache` };
}

/** A call that picked up the prediction a run that stopped (a crash, a kill) had left running. */
const RESUMED = 'resumed the prediction an earlier run left running: not paid again';

function statusFromRun(run: NodeRun): NodeStatus {
  switch (run.phase) {
    case 'queued':
      return { kind: 'queued', label: 'queued' };
    case 'uploading':
      return { kind: 'uploading', label: 'uploading' };
    case 'running': {
      const percent = run.percent ?? null;
      const steps = run.step !== undefined && run.total ? ` · step ${run.step}/${run.total}` : '';
      const detail = `${run.resumed ? RESUMED : ''}${steps}`.replace(/^ · /, '');
      return { kind: 'running', label: percent === null ? 'running' : `running ${Math.round(percent)}%`, percent, ...(detail ? { detail } : {}) };
    }
    case 'succeeded':
      return { kind: 'done', label: 'done', ...(run.predictTime !== undefined || run.resumed ? { detail: [run.resumed ? RESUMED : '', run.predictTime !== undefined ? `predicted in ${run.predictTime.toFixed(1)} s` : ''].filter(Boolean).join(' · ') } : {}) };
    case 'cached':
      return { kind: 'cached', label: 'cached', detail: 'answered from the cache: no new prediction' };
    case 'failed':
      return { kind: 'failed', label: 'failed', detail: run.error ?? 'the prediction failed' };
    case 'blocked':
      return { kind: 'blocked', label: 'blocked', detail: run.blockedBy ? `node ${run.blockedBy} failed: ${run.error ?? ''}`.trim() : (run.error ?? '') };
    case 'canceled':
      return { kind: 'canceled', label: 'canceled' };
  }
}


function statusFromCompile(diagnostics: readonly Diagnostic[], calls: readonly CallState[], hasOutputs: boolean): NodeStatus {
  const error = diagnostics.find((d) => d.severity === 'error');
  if (error?.code === 'upstream-error') return { kind: 'blocked', label: 'blocked', detail: error.message.replace(/^is blocked: /, '') };
  if (error) return { kind: 'error', label: 'error', detail: error.message };
  if (calls.length === 0) return { kind: 'idle', label: '' };
  const toRun = calls.filter((c) => c.state !== 'cached');
  if (toRun.length === 0) return { kind: 'cached', label: 'cached', detail: 'will be answered from the cache' };
  const several = calls.length > 1 ? `${toRun.length} of ${calls.length} calls` : '';
  const first = toRun.find((c) => c.state === 'will-run') ?? toRun[0]!;
  const why = [several, first.reason].filter(Boolean).join(': ');
  if (first.state === 'pending') return { kind: 'pending', label: 'will run', ...(why ? { detail: why } : {}) };
  return hasOutputs
    ? { kind: 'stale', label: 'stale', detail: why || 'its inputs changed since the last run' }
    : { kind: 'will-run', label: 'will run', ...(why ? { detail: why } : {}) };
}

/** For each prompt node: the trigger words added by the samplers it feeds. */
function triggersByPrompt(doc: Inputs, infos: Record<string, NodeInfo>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const edge of doc.workflow.edges) {
    if (edge.to.port !== 'prompt') continue;
    const added = infos[edge.to.node]?.triggersAdded;
    if (!added?.length) continue;
    const list = map.get(edge.from.node) ?? [];
    for (const word of added) if (!list.includes(word)) list.push(word);
    map.set(edge.from.node, list);
  }
  return map;
}
