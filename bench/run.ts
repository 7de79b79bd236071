// `npm run bench`: every benchmark, a table on stdout, and bench/results.json. Not a test: targets are
// reported, never asserted, and every figure is a ratio to a baseline measured in the same run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBenchmark } from './compile.bench';
import { formatTable, type BenchFigure } from './lib/report';

async function main(): Promise<void> {
  const started = Date.now();
  const figures: BenchFigure[] = [];
  const suites: [string, () => Promise<BenchFigure[]>][] = [['compile', compileBenchmark]];
  for (const [name, suite] of suites) {
    process.stderr.write(`bench: ${name}…\n`);
    try {
      figures.push(...(await suite()));
    } catch (error) {
      process.stderr.write(`bench: ${name} failed: ${(error as Error).stack ?? error}\n`);
      process.exitCode = 1;
    }
  }
  figures.sort((a, b) => a.id - b.id);
  process.stdout.write(`${formatTable(figures)}\n`);
  for (const f of figures) if (f.note) process.stdout.write(`#${f.id}: ${f.note}\n`);
  const results = { at: new Date().toISOString(), durationMs: Date.now() - started, node: process.version, cpus: (await import('node:os')).cpus().length, figures };
  writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
}

void main();
