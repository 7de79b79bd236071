// Compiles the active document shortly after every change, so diagnostics, cache states, output sizes
// and the cost estimate are always about what is on screen. Answers to older requests are dropped.
import { castDraft } from 'immer';
import type { Workflow } from '../../engine';
import { api } from '../api/client';
import { errorMessage } from '../api/api-error';
import { appStore } from './app-store';
import { rememberVariantLabels } from './variant-labels';

const DEBOUNCE_MS = 250;

let timer: ReturnType<typeof setTimeout> | undefined;
let requested: { documentId: string; workflow: Workflow } | undefined;
let sequence = 0;

export function startCompileLoop(): () => void {
  const check = () => {
    const state = appStore.get();
    const doc = state.active ? state.docs[state.active] : undefined;
    if (!doc) return;
    if (requested?.documentId === doc.documentId && requested.workflow === doc.workflow) return;
    if (doc.compile?.workflow === doc.workflow) return;
    // A document never compiled (just opened) is compiled at once: the host works on it while the
    // canvas draws the nodes, instead of after. Edits wait for a pause, as keystrokes come in bursts.
    const first = !doc.compile && requested?.documentId !== doc.documentId;
    requested = { documentId: doc.documentId, workflow: doc.workflow };
    clearTimeout(timer);
    if (first) void compileNow(doc.documentId, doc.workflow);
    else timer = setTimeout(() => void compileNow(doc.documentId, doc.workflow), DEBOUNCE_MS);
  };
  check();
  const unsubscribe = appStore.subscribe(check);
  return () => {
    unsubscribe();
    clearTimeout(timer);
  };
}

/** Compiles again even though nothing changed (after a run, the cache has new entries). */
export function recompile(documentId: string): void {
  const doc = appStore.get().docs[documentId];
  if (!doc) return;
  void compileNow(documentId, doc.workflow);
}

async function compileNow(documentId: string, workflow: Workflow): Promise<void> {
  const mine = ++sequence;
  try {
    const result = await api()['run.compile']({ documentId, workflow });
    if (mine !== sequence) return;
    // A run started before this compile answered: its swept calls' labels are these. (Compared outside
    // the update: inside it, the run is a draft, never identical to `workflow`.)
    const run = appStore.get().docs[documentId]?.run;
    const ranThis = run?.workflow === workflow ? run.runId : undefined;
    appStore.update((state) => {
      const d = state.docs[documentId];
      if (!d) return;
      d.compile = castDraft({ result, workflow });
      delete d.compileError;
      if (ranThis) rememberVariantLabels(state, ranThis, result.calls);
    });
  } catch (error) {
    if (mine !== sequence) return;
    appStore.update((state) => {
      const d = state.docs[documentId];
      if (d) d.compileError = errorMessage(error);
    });
  }
}
