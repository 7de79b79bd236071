// `npm run soak [-- --predictions 500 --concurrency 16 --rounds 5 --seed 1 --minutes 5]`: the long soak
// (not part of npm test). Prints the figures, writes them to test-results/reliability/soak.json, and
// exits 1 if anything was lost, paid twice, left without its end event, if memory crept up, or if the
// deadline stopped it.
import { parseArgs } from 'node:util';
import { writeFigures } from './support/figures-file';
import { runSoak, type SoakReport } from './soak/run-soak';

function number(value: string | undefined, fallback: number): number {
  const parsed = value === undefined ? fallback : Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`expected a positive number, got "${value}"`);
  return parsed;
}

export function verdict(report: SoakReport): string[] {
  const failures: string[] = [];
  if (report.timedOut) failures.push('the deadline stopped the soak');
  if (report.lost > 0) failures.push(`${report.lost} output(s) lost`);
  if (report.paidNotKept > 0) failures.push(`${report.paidNotKept} prediction(s) paid for and not kept`);
  if (report.duplicates > 0) failures.push(`${report.duplicates} duplicate prediction(s)`);
  if (report.events.problems > 0) failures.push(`${report.events.problems} event problem(s)`);
  if (report.events.terminal !== report.calls.planned) failures.push(`${report.calls.planned} calls but ${report.events.terminal} terminal events`);
  if (!report.memory.flat) failures.push('memory did not stay flat');
  return failures;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { predictions: { type: 'string' }, concurrency: { type: 'string' }, rounds: { type: 'string' }, seed: { type: 'string' }, minutes: { type: 'string' } } });
  const report = await runSoak({
    predictions: number(values.predictions, 500),
    concurrency: number(values.concurrency, 16),
    rounds: number(values.rounds, 5),
    seed: number(values.seed, 1),
    deadlineMs: number(values.minutes, 5) * 60_000,
    log: (line) => console.log(line),
  });
  writeFigures('soak', { report: report as unknown as Record<string, unknown> });
  console.log(JSON.stringify(report, null, 2));
  const failures = verdict(report);
  console.log(failures.length ? `soak FAILED: ${failures.join('; ')}` : `soak passed: ${report.calls.planned} calls, ${report.predictionsCreated} predictions created, ${report.faultsInjected} faults injected, 0 lost, 0 duplicates, memory flat`);
  return failures.length ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
