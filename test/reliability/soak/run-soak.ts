// The soak: many predictions through one host (one provider, one cache, one history) at high
// concurrency, in rounds, with random faults on every route and prediction (soak-faults.ts). After each
// round everything is audited (support/run-audit.ts); memory is sampled throughout and measured after a
// full GC at the end of each round. A deadline stops it whatever happens.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBench } from '../support/bench';
import { remoteSnapshot } from '../support/emulator-snapshot';
import { auditEvents } from '../support/event-audit';
import { auditRun } from '../support/run-audit';
import { fanOut } from '../support/workflows';
import { settledHeapMb, startSampler, type MemorySample } from './memory';
import { startEmulatorProcess } from './emulator-process';
import { SOAK_FAULTS, SOAK_PROVIDER } from './soak-faults';

export interface SoakOptions {
  predictions: number;
  rounds: number;
  concurrency: number;
  seed: number;
  deadlineMs: number;
  log?: (line: string) => void;
}

export interface SoakReport {
  options: Omit<SoakOptions, 'log'>;
  durationMs: number;
  timedOut: boolean;
  calls: { planned: number; succeeded: number; failed: Record<string, number>; canceled: number };
  predictionsCreated: number;
  /** Creates whose answer was lost (5xx, reset or hang after the prediction was made): each must be adopted, not sent again. */
  createAnswersLost: number;
  faultsInjected: number;
  faultsByKind: Record<string, number>;
  duplicates: number;
  lost: number;
  paidNotKept: number;
  events: { delivered: number; terminal: number; problems: number };
  memory: { heapAfterRoundMb: number[]; rssMb: { min: number; max: number }; heapMb: { min: number; max: number }; flat: boolean };
  problems: string[];
}

/** Why a call failed, in a few words (the figures group failures by it). */
function causeOf(error: string | undefined): string {
  if (!error) return 'unknown';
  if (/^not run: node /.test(error)) return 'blocked by a failed call';
  if (/NSFW/.test(error)) return 'safety checker dropped every image (injected)';
  if (/^the model failed/.test(error)) return 'model failure (injected)';
  if (/is gone \(HTTP 404\)/.test(error)) return 'outputs expired before download (injected)';
  return error.replace(/[0-9a-z]{26}|https?:\/\/\S+/g, '…').slice(0, 120);
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'weft-soak-'));
  const emulator = await startEmulatorProcess({ seed: options.seed, queueDelayMs: 2, predictMs: 20 });
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.deadlineMs);
  const sampler = startSampler();
  const report: SoakReport = {
    options: { predictions: options.predictions, rounds: options.rounds, concurrency: options.concurrency, seed: options.seed, deadlineMs: options.deadlineMs },
    durationMs: 0,
    timedOut: false,
    calls: { planned: 0, succeeded: 0, failed: {}, canceled: 0 },
    predictionsCreated: 0,
    createAnswersLost: 0,
    faultsInjected: 0,
    faultsByKind: {},
    duplicates: 0,
    lost: 0,
    paidNotKept: 0,
    events: { delivered: 0, terminal: 0, problems: 0 },
    memory: { heapAfterRoundMb: [], rssMb: { min: 0, max: 0 }, heapMb: { min: 0, max: 0 }, flat: false },
    problems: [],
  };
  try {
    for (const fault of SOAK_FAULTS) await emulator.addFault(fault);
    const bench = await openBench({ baseUrl: emulator.baseUrl, token: emulator.token }, { cacheDir: join(dir, 'cache'), dataDir: join(dir, 'data') });
    const provider = bench.provider(SOAK_PROVIDER);
    const perRound = Math.ceil(options.predictions / options.rounds);
    /** Runs and audits one round, adding to the report; answers how many problems it found. */
    const playRound = async (round: number, count: number): Promise<number> => {
      const plan = await bench.compile(fanOut(count, `soak round ${round}`, round * 100_000));
      const eventsBefore = bench.events.length;
      const result = await bench.run(plan, { provider, concurrency: options.concurrency, signal: deadline.signal });
      const snapshot = await remoteSnapshot(emulator.admin, 10_000);
      const audit = await auditRun(bench, result, { snapshot });
      await emulator.clearLog();
      report.calls.planned += result.calls.length;
      for (const call of result.calls) {
        if (call.status === 'succeeded' || call.status === 'cached') report.calls.succeeded++;
        else if (call.status === 'canceled') report.calls.canceled++;
        else report.calls.failed[causeOf(call.error)] = (report.calls.failed[causeOf(call.error)] ?? 0) + 1;
      }
      const creates = snapshot.entries.filter((e) => e.predictionId !== undefined && e.route.endsWith('predictions.create'));
      report.predictionsCreated += creates.length;
      report.createAnswersLost += creates.filter((e) => e.status !== 201).length;
      report.duplicates += audit.duplicates;
      report.lost += audit.lost;
      report.paidNotKept += audit.paidNotKept;
      report.events.delivered += bench.events.length - eventsBefore;
      report.events.terminal += bench.events.slice(eventsBefore).filter((e) => /^call-(cached|succeeded|failed|canceled)$/.test(e.type)).length;
      report.events.problems += auditEvents(bench.events.slice(eventsBefore), result.runId).problems.length;
      report.problems.push(...audit.problems.map((p) => `round ${round}: ${p}`));
      bench.events.length = 0; // delivered and audited: the harness need not keep them
      return audit.problems.length;
    };
    for (let round = 1; round <= options.rounds && !deadline.signal.aborted; round++) {
      const count = Math.min(perRound, options.predictions - perRound * (round - 1));
      const problems = await playRound(round, count);
      // Measured after the round's audit data is out of scope: the heap is then the host's own.
      report.memory.heapAfterRoundMb.push(settledHeapMb());
      log(`round ${round}/${options.rounds}: ${count} calls; heap after GC ${report.memory.heapAfterRoundMb.at(-1)} MB; ${problems} problems`);
    }
    report.timedOut = deadline.signal.aborted;
    report.faultsByKind = await emulator.faultsApplied();
    report.faultsInjected = Object.values(report.faultsByKind).reduce((a, b) => a + b, 0);
    await bench.close();
  } finally {
    clearTimeout(timer);
    const samples = sampler.stop();
    report.memory = { ...report.memory, ...summarize(samples, report.memory.heapAfterRoundMb) };
    report.durationMs = Date.now() - started;
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return report;
}

/**
 * Flat: the heap after GC at the end of the last round is within 20% (and 8 MB) of where it settled
 * after the first rounds; the very first round also loads code and warms caches, so it is left out
 * when there are more.
 */
function summarize(samples: MemorySample[], heapAfterRound: number[]): Pick<SoakReport['memory'], 'rssMb' | 'heapMb' | 'flat'> {
  const range = (values: number[]) => ({ min: Math.min(...values), max: Math.max(...values) });
  const settled = heapAfterRound.length > 2 ? heapAfterRound.slice(1) : heapAfterRound;
  const baseline = Math.min(...settled.slice(0, Math.max(1, Math.ceil(settled.length / 2))));
  const last = settled.at(-1) ?? baseline;
  return { rssMb: range(samples.map((s) => s.rssMb)), heapMb: range(samples.map((s) => s.heapMb)), flat: last <= baseline * 1.2 + 8 };
}
