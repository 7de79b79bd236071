// The shape every benchmark reports, printed as a table and written to bench/results.json.

export interface BenchFigure {
  /** The benchmark's number in bench/README.md. */
  id: number;
  name: string;
  /** What was measured, in words, with its unit. */
  measured: string;
  value: number;
  unit: string;
  /** What it is compared with, measured in the same run. */
  baseline?: { name: string; value: number };
  /** value / baseline, the figure targets are judged on where a baseline exists. */
  ratio?: number;
  spread?: number;
  samples?: number;
  target: string;
  met: boolean | null;
  note?: string;
}

export function formatTable(figures: readonly BenchFigure[]): string {
  const rows = figures.map((f) => [
    String(f.id),
    f.name,
    Number.isNaN(f.value) ? 'not measured' : `${round(f.value)} ${f.unit}`,
    f.baseline ? `${f.baseline.name}: ${round(f.baseline.value)} ${f.unit}` : '',
    f.ratio !== undefined ? `${round(f.ratio, 3)}x` : '',
    f.spread !== undefined ? `±${Math.round(f.spread * 100)}%` : '',
    f.target,
    f.met === null ? 'n/a' : f.met ? 'met' : 'MISSED',
  ]);
  const header = ['#', 'benchmark', 'value (median)', 'baseline (same run)', 'ratio', 'IQR', 'target', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

function round(n: number, digits = 2): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(digits);
}
