// A grid: the results of a sweep laid out as one labelled XY image (columns along one swept param, rows
// along another), written after the run like an output.
import { textParam, type ImageValue, type ImagesValue, type NodeDefinition } from '../src/engine';

const SAFE_PREFIX = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;

interface Entry {
  source: { node: string; index: number };
  labels: string[];
}

/** The swept param a label sets: "seed=7" -> "seed". */
const paramOf = (label: string) => label.slice(0, label.indexOf('='));

export const gridNode: NodeDefinition = {
  type: 'grid',
  title: 'XY grid',
  description: "Lays the results of a sweep out as one labelled image: columns along one swept param, rows along another. Written after each run, like an output.",
  category: 'output',
  inputs: [{ name: 'images', type: 'images', label: 'swept results', multiple: true, accepts: ['image'] }],
  outputs: [],
  params: {
    x: textParam({ label: 'Columns', description: 'The swept param along the columns (e.g. seed). Empty: the first one swept.', optional: true, placeholder: 'seed' }),
    y: textParam({ label: 'Rows', description: 'The swept param along the rows. Empty: the second one swept, if any.', optional: true, placeholder: 'guidance' }),
    folder: textParam({ label: 'Folder', description: "Where to write the grid: an absolute path, or one relative to the workflow file. Unset: only the run's --out folder.", optional: true, widget: 'folder' }),
    prefix: textParam({ label: 'File prefix', description: 'The start of the file name.', default: 'grid' }),
  },
  evaluate(ctx) {
    const prefix = ctx.params.prefix as string;
    if (!SAFE_PREFIX.test(prefix)) {
      ctx.diagnose({ severity: 'error', code: 'prefix-invalid', param: 'prefix', message: 'must be 1 to 64 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit' });
      return {};
    }
    const entries: Entry[] = [];
    for (const value of (ctx.inputs.images ?? []) as (ImagesValue | ImageValue)[]) {
      const source = value.kind === 'images' ? { node: value.origin, index: 0 } : 'output' in value.ref ? value.ref.output : undefined;
      if (!source) continue;
      entries.push({ source, labels: value.sweep?.labels ?? [] });
      if (value.kind === 'images' && value.count > 1) {
        ctx.diagnose({ severity: 'info', code: 'grid-first-image', port: 'images', message: `node ${value.origin} makes ${value.count} images: the grid shows the first of each` });
      }
    }
    if (entries.length === 0) return {};
    const swept = [...new Set(entries.flatMap((e) => e.labels.map(paramOf)))];
    const want = (name: 'x' | 'y') => (ctx.params[name] as string | undefined)?.trim() || undefined;
    const x = want('x') ?? swept[0];
    const y = want('y') ?? swept.find((p) => p !== x);
    for (const [name, chosen] of [['x', x], ['y', y]] as const) {
      if (chosen !== undefined && want(name) !== undefined && !swept.includes(chosen)) {
        ctx.diagnose({ severity: 'error', code: 'grid-axis', param: name, message: `"${chosen}" is not swept upstream (swept: ${swept.join(', ') || 'nothing'})` });
        return {};
      }
    }
    const others = swept.filter((p) => p !== x && p !== y);
    if (others.length) {
      ctx.diagnose({ severity: 'error', code: 'grid-axes', port: 'images', message: `the results vary along ${swept.join(', ')}; a grid shows two of them: sweep fewer params, or wire one slice in` });
      return {};
    }
    const valueOf = (entry: Entry, param: string | undefined) => (param === undefined ? '' : (entry.labels.find((l) => paramOf(l) === param) ?? ''));
    const columns = [...new Set(entries.map((e) => valueOf(e, x)))];
    const rows = [...new Set(entries.map((e) => valueOf(e, y)))];
    const cells = entries.map((e) => ({ row: rows.indexOf(valueOf(e, y)), column: columns.indexOf(valueOf(e, x)), source: e.source }));
    const folder = (ctx.params.folder as string | undefined)?.trim();
    return { grid: { node: ctx.nodeId, prefix, columns, rows, cells, ...(folder ? { folder } : {}) } };
  },
};
