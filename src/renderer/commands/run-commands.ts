// Run, run to the selected node, cancel, and the run events that update each node.
import { castDraft } from 'immer';
import type { ApiEvent, RunEventPayload } from '../../api';
import { api } from '../api/client';
import { appStore } from '../store/app-store';
import { recompile } from '../store/compile-loop';
import { callSource } from '../store/node-view';
import { applyRunEvent, isRunActive } from '../store/run-events';
import { reportError, toast } from '../store/toasts';
import { rememberVariantLabels } from '../store/variant-labels';
import { refreshGallery } from './gallery-commands';

/** Events of runs whose run.start has not answered yet: the host may be faster than its answer. */
const early = new Map<string, RunEventPayload[]>();

export async function startRun(only?: string): Promise<void> {
  const state = appStore.get();
  const doc = state.active ? state.docs[state.active] : undefined;
  if (!doc) return;
  if (isRunActive(doc.run)) {
    toast('A run of this workflow is in progress: cancel it or wait for it to finish', 'info');
    return;
  }
  const errors = doc.compile?.result.diagnostics.filter((d) => d.severity === 'error') ?? [];
  if (doc.compile?.workflow === doc.workflow && doc.compile.result.summary.calls === 0) {
    toast(errors.length ? `Nothing can run: ${errors.length} error${errors.length > 1 ? 's' : ''} to fix first (marked on the nodes)` : 'Nothing to run: add a sampler', 'info');
    return;
  }
  const workflow = doc.workflow;
  const documentId = doc.documentId;
  try {
    const { runId } = await api()['run.start']({ documentId, workflow, ...(only ? { only } : {}) });
    // Read outside the update: inside it, the document is a draft, never identical to `workflow`.
    const compiled = appStore.get().docs[documentId]?.compile;
    const calls = compiled?.workflow === workflow ? compiled.result.calls : undefined;
    appStore.update((s) => {
      s.runOwners[runId] = documentId;
      const d = s.docs[documentId];
      if (!d) return;
      d.run = castDraft({ runId, status: 'starting', workflow, nodes: {}, ...(only ? { only } : {}) });
      if (calls) rememberVariantLabels(s, runId, calls);
    });
    for (const event of early.get(runId) ?? []) handleRunEvent(event);
    early.delete(runId);
  } catch (error) {
    reportError(error, 'Could not start the run');
  }
}

export async function runToSelected(): Promise<void> {
  const state = appStore.get();
  const doc = state.active ? state.docs[state.active] : undefined;
  const target = doc?.selection.length === 1 ? doc.selection[0] : undefined;
  if (!target) {
    toast('Select one node to run the graph up to it', 'info');
    return;
  }
  await startRun(target);
}

export async function cancelRun(): Promise<void> {
  const state = appStore.get();
  const doc = state.active ? state.docs[state.active] : undefined;
  if (!doc?.run || !isRunActive(doc.run)) return;
  try {
    await api()['run.cancel']({ runId: doc.run.runId });
  } catch (error) {
    reportError(error, 'Could not cancel the run');
  }
}

export function handleRunEvent(event: RunEventPayload): void {
  const owner = appStore.get().runOwners[event.runId];
  if (!owner) {
    const list = early.get(event.runId) ?? [];
    list.push(event);
    early.set(event.runId, list);
    return;
  }
  appStore.update((state) => {
    const doc = state.docs[owner];
    if (!doc?.run || doc.run.runId !== event.runId) return;
    applyRunEvent(doc.run, doc.outputs, event);
  });
  if (event.type === 'call-failed' && !event.blockedBy) toast(`Node ${event.node} failed: ${event.error}`, 'error');
  // New outputs join an open gallery as they arrive, not only when the whole run ends.
  if (event.type === 'call-succeeded' && appStore.get().galleryOpen) void refreshGallery();
  if (event.type === 'run-finished') void afterRun(owner, event);
}

/** A grid node's XY grid, drawn by the host after the run: shown on the node. */
export function handleGridEvent(event: Extract<ApiEvent, { channel: 'grid' }>): void {
  const owner = appStore.get().runOwners[event.runId];
  if (!owner) return;
  appStore.update((state) => {
    const doc = state.docs[owner];
    if (doc) doc.grids[event.node] = { image: event.image, runId: event.runId };
  });
}

async function afterRun(documentId: string, event: Extract<RunEventPayload, { type: 'run-finished' }>): Promise<void> {
  const { totals } = event;
  if (event.status === 'succeeded') {
    toast(`Run finished: ${totals.ran} ran, ${totals.cached} from the cache${totals.cost ? `, about $${totals.cost.toFixed(3)}` : ''}`, 'success');
  } else if (event.status === 'canceled') toast('Run canceled', 'info');
  recompile(documentId);
  void refreshGallery();
  try {
    const detail = await api()['history.get']({ id: event.runId });
    appStore.update((state) => {
      const doc = state.docs[documentId];
      if (!doc) return;
      for (const call of detail.calls) if (call.seed !== undefined) doc.lastSeeds[callSource(call.node)] = call.seed;
    });
  } catch {
    // Without the record the "reuse last seed" button stays disabled; nothing else depends on it.
  }
}
