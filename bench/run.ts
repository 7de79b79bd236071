// `npm run bench`: every benchmark, a table on stdout, and bench/results.json. Not a test: targets are
// reported, never asserted, and every figure is a ratio to a baseline measured in the same run.
//   npm run bench -- --quick          fewer repetitions (a smoke run; results.json is not written)
//   npm run bench -- --only run-graph one suite (names below); results.json is not written
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compileBenchmark } from './compile.bench';
import { editorBenchmark } from './editor.bench';
import { formatTable, type BenchFigure } from './lib/report';
import { runGraphBenchmark } from './run-graph.bench';
import { hostMemoryBenchmark } from './host-memory.bench';
import { sharedInputBenchmark } from './shared-input.bench';

type Suite = (quick: boolean) => Promise<BenchFigure[]>;

const SUITES: [string, Suite][] = [
  ['compile', () => compileBenchmark()],
  ['run-graph', runGraphBenchmark],
  ['shared-input', sharedInputBenchmark],
  ['host-memory', hostMemoryBenchmark],
  ['editor', editorBenchmark],
];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string', multiple: true } } });
  const quick = values.quick === true;
  const only = values.only;
  const started = Date.now();
  // The machine is shared: how busy it was says how far to trust the absolute figures (ratios hold up better).
  const loadBefore = loadavg()[0]!;
  const figures: BenchFigure[] = [];
  const timings: Record<string, number> = {};
  for (const [name, suite] of SUITES) {
    if (only && !only.includes(name)) continue;
    process.stderr.write(`bench: ${name}…\n`);
    const t = Date.now();
    try {
      figures.push(...(await suite(quick)));
    } catch (error) {
      process.stderr.write(`bench: ${name} failed: ${(error as Error).stack ?? error}\n`);
      process.exitCode = 1;
    }
    timings[name] = Date.now() - t;
    process.stderr.write(`bench: ${name} took ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  }
  figures.sort((a, b) => a.id - b.id);
  const table = formatTable(figures);
  const notes = figures.filter((f) => f.note).map((f) => `#${f.id} ${f.name}: ${f.note}`);
  process.stdout.write(`${table}\n${notes.map((n) => `${n}\n`).join('')}`);
  const durationMs = Date.now() - started;
  const load = { before: round2(loadBefore), after: round2(loadavg()[0]!) };
  process.stdout.write(`\n${figures.length} figures in ${(durationMs / 1000).toFixed(1)} s (${Object.entries(timings).map(([n, ms]) => `${n} ${(ms / 1000).toFixed(1)} s`).join(', ')}); load average ${load.before} before, ${load.after} after, on ${cpus().length} cpus\n`);
  if (quick || only) return;
  const results = { at: new Date().toISOString(), durationMs, suiteMs: timings, node: process.version, cpus: cpus().length, loadAverage: load, figures };
  writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  updateReadme(table, notes, `${results.at.slice(0, 16).replace('T', ' ')} UTC, ${(durationMs / 1000).toFixed(0)} s, load average ${load.before} -> ${load.after} on ${results.cpus} cpus, Node ${results.node}`);
}

/** The README's "last results" section is the table of the last full run, between its markers. */
function updateReadme(table: string, notes: string[], when: string): void {
  const path = join(__dirname, 'README.md');
  const text = readFileSync(path, 'utf8');
  const start = '<!-- results -->';
  const end = '<!-- /results -->';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1) return;
  const body = [`Run of ${when}:`, '', '```', table, '```', '', ...notes.map((n) => `- ${n}`)].join('\n');
  writeFileSync(path, `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

void main();
