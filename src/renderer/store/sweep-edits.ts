// Sweeps as the editor edits them: a param turned into a list of values (`{"$sweep": [...]}`), values
// added, changed and removed, a number range filled in, a zip group named. Pure: values in, values out;
// the param setter stores the result as one undoable edit.
import { isSweep, MAX_SEED, MAX_VARIANTS_PER_NODE, type ParamSpec, type SweepValue, type Workflow } from '../../engine';

/** Text params whose value names a file or folder: a list of them makes no sense as a sweep. */
const NOT_SWEPT_WIDGETS = new Set(['path', 'url', 'asset', 'folder']);

/** Whether the editor offers to sweep this param: numbers, choices, the seed and text (a prompt, a LoRA source). */
export function sweepable(spec: ParamSpec): boolean {
  if (spec.kind === 'boolean') return false;
  if (spec.kind === 'text') return !spec.widget || !NOT_SWEPT_WIDGETS.has(spec.widget);
  return true;
}

/** The value the param has now, as the first value of a new sweep. */
export function effectiveValue(spec: ParamSpec, value: unknown, lastSeed?: number): unknown {
  switch (spec.kind) {
    case 'number':
      return typeof value === 'number' ? value : (spec.default ?? spec.min);
    case 'seed':
      return typeof value === 'number' ? value : (lastSeed ?? 1);
    case 'choice':
      return typeof value === 'string' ? value : (spec.default ?? spec.options[0] ?? '');
    case 'text':
      return typeof value === 'string' ? value : (spec.default ?? '');
    case 'boolean':
      return typeof value === 'boolean' ? value : (spec.default ?? false);
  }
}

/** Turns one value into a sweep over it and the next value, so the list reads as a list from the start. */
export function startSweep(spec: ParamSpec, value: unknown, lastSeed?: number): SweepValue {
  const first = effectiveValue(spec, value, lastSeed);
  const second = nextSweepValue(spec, [first]);
  return { $sweep: second === undefined ? [first] : [first, second] };
}

/** A sensible value to add after `values`: the next step of a number, the next seed, an unused option. */
export function nextSweepValue(spec: ParamSpec, values: readonly unknown[]): unknown {
  const last = values.at(-1);
  switch (spec.kind) {
    case 'number': {
      const base = typeof last === 'number' ? last : (spec.default ?? spec.min);
      const up = roundLike(base + spec.step, spec.step);
      if (up <= spec.max) return up;
      const down = roundLike(Math.min(...values.filter((v): v is number => typeof v === 'number'), base) - spec.step, spec.step);
      return down >= spec.min ? down : base;
    }
    case 'seed': {
      const base = typeof last === 'number' ? last : 0;
      return base >= MAX_SEED ? 1 : base + 1;
    }
    case 'choice':
      return spec.options.find((o) => !values.includes(o)) ?? spec.options[0];
    case 'text':
      return typeof last === 'string' ? last : '';
    case 'boolean':
      return !values.includes(true) ? true : false;
  }
}

export function withValueAdded(sweep: SweepValue, spec: ParamSpec): SweepValue {
  return { ...sweep, $sweep: [...sweep.$sweep, nextSweepValue(spec, sweep.$sweep)] };
}

/** A sweep keeps at least one value: removing its last one is refused (end the sweep instead). */
export function withValueRemoved(sweep: SweepValue, index: number): SweepValue {
  if (sweep.$sweep.length <= 1 || index < 0 || index >= sweep.$sweep.length) return sweep;
  return { ...sweep, $sweep: sweep.$sweep.filter((_, i) => i !== index) };
}

export function withValueAt(sweep: SweepValue, index: number, value: unknown): SweepValue {
  if (index < 0 || index >= sweep.$sweep.length) return sweep;
  return { ...sweep, $sweep: sweep.$sweep.map((v, i) => (i === index ? value : v)) };
}

export function withValues(sweep: SweepValue, values: readonly unknown[]): SweepValue {
  return { ...sweep, $sweep: [...values] };
}

/** Names the zip group (params of one group advance together); an empty name unzips. */
export function withZipGroup(sweep: SweepValue, group: string): SweepValue {
  const { group: _old, ...rest } = sweep;
  return group.trim() === '' ? rest : { ...rest, group };
}

/** Back to one value: the sweep's first. */
export function endSweep(sweep: SweepValue): unknown {
  return sweep.$sweep[0];
}

export interface RangeRequest {
  from: number;
  to: number;
  step: number;
}

/**
 * "From 2 to 4 step 0.5" -> [2, 2.5, 3, 3.5, 4]. Counts down when `to` is below `from`. Integers only for
 * integer params; at most MAX_VARIANTS_PER_NODE values, the most one node may expand to.
 */
export function rangeValues(range: RangeRequest, spec: Pick<ParamSpec, 'kind'> & { integer?: boolean }): { values: number[] } | { error: string } {
  const { from, to, step } = range;
  if (![from, to, step].every(Number.isFinite)) return { error: 'from, to and step must be numbers' };
  if (step <= 0) return { error: 'the step must be more than 0' };
  const integer = spec.kind === 'seed' || spec.integer === true;
  if (integer && ![from, to, step].every(Number.isInteger)) return { error: 'this param takes whole numbers only' };
  const count = Math.floor(Math.abs(to - from) / step + 1e-9) + 1;
  if (count > MAX_VARIANTS_PER_NODE) return { error: `that makes ${count} values; a node expands to at most ${MAX_VARIANTS_PER_NODE} calls` };
  const direction = to >= from ? 1 : -1;
  const values = Array.from({ length: count }, (_, i) => roundLike(from + direction * i * step, step));
  return { values };
}

/** Rounds away the float noise of repeated adding (0.1 + 0.2), to the precision of `step`. */
function roundLike(value: number, step: number): number {
  const decimals = Math.min(10, (String(step).split('.')[1] ?? '').length + 2);
  return Number(value.toFixed(decimals));
}

/** The zip group names already used in a workflow, offered when naming another. */
export function zipGroupsIn(workflow: Pick<Workflow, 'nodes'>): string[] {
  const names = new Set<string>();
  for (const node of workflow.nodes) {
    for (const value of Object.values(node.params ?? {})) if (isSweep(value) && typeof value.group === 'string' && value.group.trim()) names.add(value.group.trim());
  }
  return [...names].sort();
}
