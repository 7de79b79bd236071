// A `weft run` killed (SIGKILL) halfway through downloading an output. The next run must find the cache
// consistent - the half-written download is never served as an image - re-run only the call whose
// output was lost, and history must say the killed run was interrupted.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cache } from '../../../src/runtime/cache/cache';
import { History } from '../../../src/runtime/history/history';
import { startEmulator, type Emulator } from '../../emulator/index';
import { runCli } from '../../helpers/cli';
import { EXAMPLES_DIR, useTempDirs } from '../../helpers/temp-dir';
import { startSlowDeliveryProxy, type SlowDeliveryProxy } from './slow-delivery-proxy';

const ROOT = resolve(__dirname, '..', '..', '..');
const EXAMPLE = join(EXAMPLES_DIR, 'text-to-image-then-img2img.weft');

describe('a run killed mid-download', () => {
  const tempDir = useTempDirs();
  let emulator: Emulator;
  let proxy: SlowDeliveryProxy;
  beforeAll(async () => {
    emulator = await startEmulator({ timing: { queueDelayMs: 2, predictMs: 30 }, randomSeed: 3 });
    proxy = await startSlowDeliveryProxy(emulator.origin);
  });
  afterAll(async () => {
    await proxy.close();
    await emulator.close();
  });

  it('leaves a consistent cache, and the next run re-runs only what was lost', async () => {
    const env = { WEFT_CACHE_DIR: tempDir(), WEFT_DATA_DIR: tempDir(), REPLICATE_API_TOKEN: emulator.token, REPLICATE_BASE_URL: proxy.baseUrl };
    proxy.stallDownload(2); // draft's output arrives whole, paint's only half
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'run', EXAMPLE, '--json'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<string | null>((done) => child.on('exit', (_code, signal) => done(signal)));

    await proxy.stalled;
    // The half that arrived is on disk, in a temp file of the blob store.
    const tmp = join(env.WEFT_CACHE_DIR, 'tmp');
    await until(() => readdirSync(tmp).some((name) => statSync(join(tmp, name)).size > 0));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(output).toContain('"type":"call-succeeded","runId"');

    const cache = await Cache.open(env.WEFT_CACHE_DIR);
    expect((await cache.stats()).calls).toBe(1);
    for (const blob of await cache.blobs.list()) expect(await cache.blobs.verify(blob.sha256)).toBe('ok');
    const created = emulator.log.predictionsCreated().length;
    expect(created).toBe(2);

    const again = await runCli(['run', EXAMPLE, '--json'], { ...env, REPLICATE_BASE_URL: emulator.baseUrl });
    expect(again.code).toBe(0);
    const events = again.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; node?: string });
    expect(events.filter((e) => e.type === 'call-cached').map((e) => e.node)).toEqual(['draft']);
    expect(events.filter((e) => e.type === 'call-succeeded').map((e) => e.node)).toEqual(['paint']);
    expect(emulator.log.predictionsCreated()).toHaveLength(created + 1);

    const history = await History.open(env.WEFT_DATA_DIR);
    const runs = await history.list();
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'interrupted']);
    const killed = await history.get(runs[1]!.id);
    expect(killed?.calls.map((c) => [c.node, c.status]).sort()).toEqual([
      ['draft', 'succeeded'],
      ['paint', 'interrupted'],
    ]);
    await history.close();
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
