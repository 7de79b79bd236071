// The labels of a run's swept calls ("seed=2, guidance=3.5"), remembered by run id so the gallery can say
// which variant an output is. History keeps calls by id only; the labels come from the compile result of
// the workflow the run started from, so they are known for runs of this session.
import type { Draft } from 'immer';
import type { AppState, CompileResult } from './state';

/** Labels of the swept calls in a compile result, by call id. */
export function labelsOf(calls: CompileResult['calls']): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const call of calls) if (call.label) labels[call.node] = call.label;
  return labels;
}

/** Remembers a run's labels, once: the first compile of its workflow says them. */
export function rememberVariantLabels(state: Draft<AppState>, runId: string, calls: CompileResult['calls']): void {
  if (state.variantLabels[runId]) return;
  const labels = labelsOf(calls);
  if (Object.keys(labels).length) state.variantLabels[runId] = labels;
}

export function variantLabelOf(state: Pick<AppState, 'variantLabels'>, runId: string, callId: string): string | undefined {
  return state.variantLabels[runId]?.[callId];
}
