// Benchmark 6 (host half): the resident memory of the browser host while it runs a 100-call graph, vs
// the same host idle. Sampled from /proc every 20 ms; the figure is the peak.
import { join } from 'node:path';
import { countRequests, startEmulatorProcess } from './lib/emulator-process';
import { realisticWorkflow } from './lib/flux-graph';
import type { BenchFigure } from './lib/report';
import { summarize } from './lib/stats';
import { startWebHost } from './lib/web-host';
import { benchTempDir, removeBenchTempDirs } from './lib/weft-run';

const MB = 1024 * 1024;
/** Short predictions: the run's memory, not its length, is measured here. */
const TIMING = { queueDelayMs: 5, predictMs: 100 };

function sampleEvery(ms: number, read: () => number): { stop(): number[] } {
  const values: number[] = [read()];
  const timer = setInterval(() => {
    try {
      values.push(read());
    } catch {
      // the process is gone
    }
  }, ms);
  return {
    stop() {
      clearInterval(timer);
      return values;
    },
  };
}

export async function hostMemoryBenchmark(quick = false): Promise<BenchFigure[]> {
  const runs = quick ? 1 : 2;
  const emulator = await startEmulatorProcess(TIMING);
  const work = benchTempDir('host');
  const host = await startWebHost({ dataDir: join(work, 'data'), cacheDir: join(work, 'cache'), replicateBaseUrl: emulator.baseUrl, token: emulator.token });
  try {
    // Idle: the host started and answered the calls a page makes on opening, then waited.
    await host.call('app.info');
    await host.call('settings.get');
    await new Promise((r) => setTimeout(r, 500));
    const idleSampler = sampleEvery(20, () => host.rssBytes());
    await new Promise((r) => setTimeout(r, 1000));
    const idle = summarize(idleSampler.stop());

    const peaks: number[] = [];
    let calls = 0;
    let creates = 0;
    let elapsed = 0;
    for (let r = 0; r < runs; r++) {
      // A different seed set per run, so nothing is cached: 100 predictions, outputs downloaded and kept.
      const workflow = realisticWorkflow({ copies: 10, fanOut: 7 });
      for (const node of workflow.nodes) if (node.type === 'sampler') node.params = { ...node.params, seed: Number(node.params.seed) + 100_000 * (r + 1) };
      calls = workflow.nodes.filter((n) => n.type === 'sampler').length;
      const { document } = await host.call<{ document: { documentId: string } }>('workflow.new');
      await emulator.resetLog();
      let finish: (status: string) => void = () => {};
      const finished = new Promise<string>((resolve) => (finish = resolve));
      let runId = '';
      const stopEvents = await host.events((message) => {
        if (message.channel === 'run' && message.event?.type === 'run-finished' && message.event.runId === runId) finish((message.event as { status?: string }).status ?? '');
      });
      const sampler = sampleEvery(20, () => host.rssBytes());
      const start = performance.now();
      runId = (await host.call<{ runId: string }>('run.start', { documentId: document.documentId, workflow })).runId;
      const status = await finished;
      elapsed = performance.now() - start;
      const samples = sampler.stop();
      stopEvents();
      if (status !== 'succeeded') throw new Error(`the host's run ended ${status}`);
      creates = countRequests(await emulator.log()).creates;
      peaks.push(Math.max(...samples));
    }
    const peak = summarize(peaks);
    return [
      {
        id: 6,
        name: 'host RSS during a 100-call run',
        measured: `peak resident memory of the browser host (node + tsx) while it runs ${calls} calls (${creates} predictions, 1 MP outputs downloaded and cached), sampled every 20 ms`,
        value: peak.max / MB,
        unit: 'MB',
        baseline: { name: 'idle host', value: idle.median / MB },
        ratio: peak.max / idle.median,
        spread: peak.spread,
        samples: peaks.length,
        target: '< 300 MB',
        met: peak.max / MB < 300,
        note: `a run took ${(elapsed / 1000).toFixed(1)} s with ${TIMING.predictMs} ms predictions at the default concurrency`,
      },
    ];
  } finally {
    await host.close();
    await emulator.close();
    removeBenchTempDirs();
  }
}
