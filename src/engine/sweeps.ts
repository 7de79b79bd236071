// Sweeps: a param may hold a list of values instead of one, `{ "$sweep": [v1, v2, ...] }`. Each swept
// param is an axis, and a node's calls are the cartesian product of its axes and of the axes arriving
// from upstream (InvokeAI's batches). Params that name the same `group` are zipped: they advance together
// along one axis, and must list as many values. A group name shared by several nodes zips across them.

export interface SweepValue {
  $sweep: unknown[];
  group?: string;
}

/** The most calls one node may expand to; beyond it a typo (a 100-value list twice) would cost real money. */
export const MAX_VARIANTS_PER_NODE = 256;

export function isSweep(value: unknown): value is SweepValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Array.isArray((value as { $sweep?: unknown }).$sweep);
}

export interface Axis {
  id: string;
  /** Each param on this axis and its values, all of the same length. */
  params: { name: string; values: unknown[] }[];
  length: number;
}

export interface AxisProblem {
  param: string;
  message: string;
}

/** The axes a node's own params define, or the problems that stop them. */
export function axesOf(nodeId: string, params: Record<string, unknown>): { axes: Axis[]; problems: AxisProblem[] } {
  const byId = new Map<string, Axis>();
  const problems: AxisProblem[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (!isSweep(value)) continue;
    if (value.$sweep.length === 0) {
      problems.push({ param: name, message: 'sweeps over an empty list of values: give at least one' });
      continue;
    }
    const group = typeof value.group === 'string' && value.group.trim() !== '' ? value.group.trim() : undefined;
    const id = group ? `group:${group}` : `${nodeId}.${name}`;
    const axis = byId.get(id);
    if (!axis) byId.set(id, { id, params: [{ name, values: value.$sweep }], length: value.$sweep.length });
    else if (axis.length !== value.$sweep.length) {
      problems.push({ param: name, message: `is zipped with ${axis.params[0]!.name} in group "${group}" but lists ${value.$sweep.length} values, not ${axis.length}` });
    } else axis.params.push({ name, values: value.$sweep });
  }
  return { axes: [...byId.values()], problems };
}

export type AxisPosition = Record<string, number>;

/** Every combination of positions along `axes`, the first axis varying slowest. */
export function combinations(axes: readonly Axis[]): AxisPosition[] {
  let result: AxisPosition[] = [{}];
  for (const axis of axes) {
    const next: AxisPosition[] = [];
    for (const combo of result) for (let i = 0; i < axis.length; i++) next.push({ ...combo, [axis.id]: i });
    result = next;
  }
  return result;
}

/** Two positions can be combined when they agree on every axis both have. */
export function consistent(a: AxisPosition, b: AxisPosition): boolean {
  for (const [axis, index] of Object.entries(b)) if (axis in a && a[axis] !== index) return false;
  return true;
}

/** The params of one variant: each swept param replaced by its value at `position`. */
export function paramsAt(params: Record<string, unknown>, axes: readonly Axis[], position: AxisPosition): Record<string, unknown> {
  const concrete = { ...params };
  for (const axis of axes) {
    const index = position[axis.id];
    if (index === undefined) continue;
    for (const p of axis.params) concrete[p.name] = p.values[index];
  }
  return concrete;
}

/** "guidance=3.5, seed=7": what a variant's own axes set, for labels in grids and galleries. */
export function labelAt(axes: readonly Axis[], position: AxisPosition): string[] {
  return axes.flatMap((axis) => {
    const index = position[axis.id];
    if (index === undefined) return [];
    return axis.params.map((p) => `${p.name}=${shortValue(p.values[index])}`);
  });
}

function shortValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}
