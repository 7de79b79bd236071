// Benchmark 7: one 10 MB input image used by 8 img2img samplers. Weft uploads it once (files API,
// remembered by sha256) and passes the same URL to every call; the hand-parallelised script hands the
// bytes to the `replicate` client, which uploads them for every prediction.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { countRequests, startEmulatorProcess } from './lib/emulator-process';
import { sharedInputWorkflow } from './lib/flux-graph';
import type { BenchFigure } from './lib/report';
import { measureRounds, ratioSummary, summarize } from './lib/stats';
import { sharedInputScript } from './lib/user-scripts';
import { benchTempDir, freshState, removeBenchTempDirs, weftRun, type WeftState } from './lib/weft-run';
import { TIMING } from './run-graph.bench';

const SAMPLERS = 8;

/** A photo-sized PNG of noise (which does not compress), about 10 MB. */
async function tenMegabyteImage(dir: string): Promise<string> {
  const side = 1824;
  const pixels = Buffer.allocUnsafe(side * side * 3);
  let x = 0x9e3779b9;
  for (let i = 0; i < pixels.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    pixels[i] = x & 0xff;
  }
  const path = join(dir, 'photo-10mb.png');
  await sharp(pixels, { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 1 }).toFile(path);
  return path;
}

export async function sharedInputBenchmark(quick = false): Promise<BenchFigure[]> {
  const rounds = quick ? 2 : 3;
  const emulator = await startEmulatorProcess(TIMING);
  const api = { baseUrl: emulator.baseUrl, token: emulator.token };
  const states: WeftState[] = [];
  try {
    const imagePath = await tenMegabyteImage(benchTempDir('image'));
    const bytes = statSync(imagePath).size;
    const workflow = sharedInputWorkflow(imagePath, SAMPLERS);
    const weftUploads: number[] = [];
    const scriptUploads: number[] = [];
    const weftCreates: number[] = [];
    const samples = await measureRounds(
      {
        weft: async () => {
          const state = await freshState(api);
          states.push(state);
          await emulator.resetLog();
          const run = await weftRun(state, workflow);
          const log = countRequests(await emulator.log());
          weftUploads.push(log.uploads);
          weftCreates.push(log.creates);
          return run.ms;
        },
        script: async () => {
          await emulator.resetLog();
          const start = performance.now();
          await sharedInputScript(emulator.clientOptions(), imagePath, benchTempDir('script'), SAMPLERS);
          const ms = performance.now() - start;
          scriptUploads.push(countRequests(await emulator.log()).uploads);
          return ms;
        },
      },
      rounds,
    );
    const uploads = Math.max(...weftUploads);
    const time = ratioSummary(samples.weft, samples.script);
    const mb = (bytes / 1e6).toFixed(1);
    return [
      {
        id: 7,
        name: 'one 10 MB image, 8 samplers: uploads',
        measured: `files API uploads (emulator log) for a ${mb} MB PNG used by ${SAMPLERS} img2img samplers, cold cache (max over repetitions)`,
        value: uploads,
        unit: 'uploads',
        baseline: { name: 'script, parallel (bytes to the client)', value: summarize(scriptUploads).median },
        ratio: uploads / summarize(scriptUploads).median,
        samples: weftUploads.length,
        target: 'exactly 1 upload',
        met: weftUploads.every((n) => n === 1) && weftCreates.every((n) => n === SAMPLERS),
      },
      {
        id: 7,
        name: 'one 10 MB image, 8 samplers: time',
        measured: 'wall time of compile (reading and hashing the image) + run, concurrency 4',
        value: summarize(samples.weft).median,
        unit: 'ms',
        baseline: { name: 'script, parallel (no concurrency limit)', value: summarize(samples.script).median },
        ratio: time.median,
        spread: time.spread,
        samples: time.samples,
        target: 'reported (no target)',
        met: null,
        note: `${SAMPLERS} predictions at concurrency 4 take two rounds; the script runs all ${SAMPLERS} at once but sends ${mb} MB ${Math.round(summarize(scriptUploads).median)} times`,
      },
    ];
  } finally {
    for (const state of states) await state.close().catch(() => {});
    removeBenchTempDirs();
    await emulator.close();
  }
}
