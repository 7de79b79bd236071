// `weft run` as a user drives it, in-process against the emulator: JSON events, output files, the
// summary, exit codes, and one clear line for each thing that stops a run.
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { extractProvenance, RunProvenanceStore } from '../../src/runtime/provenance';
import type { RunEvent } from '../../src/runtime/runner/events';
import { startEmulator, type Emulator } from '../emulator/index';
import { runCli } from '../helpers/cli';
import { EXAMPLES_DIR, useTempDirs } from '../helpers/temp-dir';
import { closedPort } from '../runtime/providers/closed-port';
import { useFakeCog } from '../runtime/providers/fake-cog';

const EXAMPLE = join(EXAMPLES_DIR, 'text-to-image-then-img2img.weft');

describe('weft run', () => {
  const tempDir = useTempDirs();
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ timing: { queueDelayMs: 2, predictMs: 15 }, randomSeed: 9 });
  });
  afterEach(() => {
    emulator.faults.clear();
    emulator.resetLog();
  });
  afterAll(() => emulator.close());

  const env = (extra: Record<string, string> = {}) => ({
    WEFT_CACHE_DIR: tempDir(),
    WEFT_DATA_DIR: tempDir(),
    REPLICATE_API_TOKEN: emulator.token,
    REPLICATE_BASE_URL: emulator.baseUrl,
    ...extra,
  });
  const events = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as RunEvent);

  it('prints one JSON event per line with --json, and exits 0 when every call succeeded', async () => {
    const run = await runCli(['run', EXAMPLE, '--json'], env());
    expect(run.code).toBe(0);
    const all = events(run.stdout);
    expect(all[0]?.type).toBe('run-started');
    expect(all.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded', totals: { calls: 2, ran: 2, cached: 0, failed: 0 } });
    expect(all.filter((e) => e.type === 'call-succeeded').map((e) => (e as { node: string }).node)).toEqual(['draft', 'paint']);
    expect(run.stderr).toMatch(/^succeeded: 2 calls \(2 run, 0 cached\) in \d+\.\d s; \d+\.\d s of GPU time, estimated \$\d\.\d{4}$/m);
  });

  it('keeps the workflow a run started from, for images saved later from the gallery', async () => {
    const vars = env();
    const run = await runCli(['run', EXAMPLE, '--json'], vars);
    expect(run.code).toBe(0);
    const started = events(run.stdout)[0] as Extract<RunEvent, { type: 'run-started' }>;
    const kept = await new RunProvenanceStore(vars.WEFT_DATA_DIR).read(started.runId);
    expect(kept?.workflow.nodes.map((n) => [n.id, n.params.seed])).toEqual([
      ['idea', undefined],
      ['draft', 31337],
      ['restyle', undefined],
      ['paint', 31338],
      ['save', undefined],
    ]);
    expect(kept?.calls.map((c) => c.node)).toEqual(['draft', 'paint']);
  });

  it('writes the outputs to --out, and a second run answers everything from the cache', async () => {
    const vars = env();
    const out = tempDir();
    const first = await runCli(['run', EXAMPLE, '--out', out], vars);
    expect(first.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['nook-draft-0.webp', 'nook-draft-0.webp.json', 'nook-paint-0.webp', 'nook-paint-0.webp.json']);
    // Each image carries its provenance, in its metadata and in the sidecar beside it.
    const provenance = extractProvenance(readFileSync(join(out, 'nook-paint-0.webp')));
    expect(provenance).toMatchObject({ call: { node: 'paint', seed: 31338, model: 'deeterbleater/flux-thoth' }, output: { index: 0 } });
    expect(provenance?.call.predictionId).toMatch(/^[a-z0-9]{26}$/);
    expect(JSON.parse(readFileSync(join(out, 'nook-paint-0.webp.json'), 'utf8'))).toEqual(provenance);
    expect(first.stderr).toContain('node draft: done (1 image, ');
    expect(first.stderr).toContain(`${out}: wrote 2 images`);

    emulator.resetLog();
    const second = await runCli(['run', EXAMPLE, '--out', out], { ...vars, REPLICATE_API_TOKEN: '' });
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('node draft: cached (1 image)');
    expect(second.stderr).toContain(`${out}: 2 already there`);
    expect(second.stderr).toMatch(/^succeeded: 2 calls \(0 run, 2 cached\) in /m);
    expect(emulator.log.entries()).toEqual([]);
    expect(readdirSync(out)).toHaveLength(4);
  });

  it("writes to an output node's own folder, relative to the workflow file", async () => {
    const dir = tempDir();
    const file = join(dir, 'nook.weft');
    const workflow = JSON.parse(readFileText(EXAMPLE));
    workflow.nodes.find((n: { id: string }) => n.id === 'save').params.folder = 'renders';
    writeFileSync(file, JSON.stringify(workflow));
    const run = await runCli(['run', 'nook.weft'], env(), dir);
    expect(run.code).toBe(0);
    expect(readdirSync(join(dir, 'renders')).sort()).toEqual(['nook-draft-0.webp', 'nook-draft-0.webp.json', 'nook-paint-0.webp', 'nook-paint-0.webp.json']);
  });

  it('runs only what a node needs with --only', async () => {
    const run = await runCli(['run', EXAMPLE, '--only', 'draft', '--json'], env());
    expect(run.code).toBe(0);
    expect(events(run.stdout)[0]).toMatchObject({ type: 'run-started', calls: [{ node: 'draft' }] });
    expect(emulator.log.predictionsCreated()).toHaveLength(1);
  });

  it('exits 1 when a prediction fails, saying which node and why, and what it kept from running', async () => {
    emulator.faults.failPredictions({ promptIncludes: 'reading nook with a window', error: 'CUDA out of memory' });
    const run = await runCli(['run', EXAMPLE], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('node draft: the model failed: CUDA out of memory\n');
    expect(run.stderr).toContain('node paint: not run: node draft failed\n');
    expect(run.stderr).toMatch(/^failed: 2 calls \(0 run, 0 cached, 2 failed\)/m);
  });

  it('needs no token when everything is cached, and names the nodes that need one otherwise', async () => {
    const run = await runCli(['run', EXAMPLE], env({ REPLICATE_API_TOKEN: '' }));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: REPLICATE_API_TOKEN is not set: node draft, node paint need a prediction on Replicate (set it to an API token from https://replicate.com/account/api-tokens)\n',
    );
    expect(emulator.log.entries()).toEqual([]);
  });

  it('says in one line that the token was refused', async () => {
    const run = await runCli(['run', EXAMPLE], env({ REPLICATE_API_TOKEN: 'r8_not_a_real_token' }));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('node draft: the Replicate token was refused: set REPLICATE_API_TOKEN to a valid token\n');
  });

  it('says in one line that the API cannot be reached', async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}/v1`;
    const run = await runCli(['run', EXAMPLE, '--only', 'draft'], env({ REPLICATE_BASE_URL: baseUrl }));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`node draft: cannot reach the Replicate API at ${baseUrl} (ECONNREFUSED): check the network connection or REPLICATE_BASE_URL\n`);
  });

  it('says in one line what Replicate refused (422), naming the node', async () => {
    const dir = tempDir();
    const file = join(dir, 'fine-tune.weft');
    const workflow = JSON.parse(readFileText(EXAMPLE));
    workflow.nodes.find((n: { id: string }) => n.id === 'draft').params.fine_tune = `nobody/nothing:${'0'.repeat(64)}`;
    writeFileSync(file, JSON.stringify(workflow));
    const run = await runCli(['run', file, '--only', 'draft'], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("node draft: Replicate refused the request: The specified version does not exist (or perhaps you don't have permission to use it?)\n");
  });

  const fakeCog = useFakeCog();

  it('runs on a local Cog container with --cog-url: its health is shown, no token is needed', async () => {
    const cog = await fakeCog();
    const run = await runCli(['run', EXAMPLE, '--cog-url', cog.url], env({ REPLICATE_API_TOKEN: '' }));
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n')[0]).toBe(`Cog container at ${cog.url}: READY`);
    expect(run.stderr).toMatch(/^succeeded: 2 calls \(2 run, 0 cached\) in [\d.]+ s; 3\.0 s of GPU time$/m);
    expect(cog.bodies).toHaveLength(2);
    expect(emulator.log.entries()).toEqual([]);

    cog.health = 'SETUP_FAILED';
    const broken = await runCli(['run', EXAMPLE, '--cog-url', cog.url, '--no-cache'], env());
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`error: the Cog container at ${cog.url} cannot run predictions (SETUP_FAILED)`);
  });

  it('refuses bad options with exit code 2', async () => {
    expect((await runCli(['run', EXAMPLE, '--concurrency', '0'], env())).code).toBe(2);
    expect((await runCli(['run', EXAMPLE, '--only', 'nope'], env())).stderr).toContain('--only nope: the workflow has no node with that id');
    expect((await runCli(['run'], env())).code).toBe(2);
  });

  it('does not run a workflow with errors', async () => {
    const dir = tempDir();
    const file = join(dir, 'broken.weft');
    copyFileSync(EXAMPLE, file);
    const workflow = JSON.parse(readFileText(file));
    workflow.edges = workflow.edges.filter((e: { to: { node: string; port: string } }) => !(e.to.node === 'draft' && e.to.port === 'prompt'));
    writeFileSync(file, JSON.stringify(workflow));
    const run = await runCli(['run', file], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('broken.weft: not run: fix the errors above first');
    expect(existsSync(join(dir, 'renders'))).toBe(false);
    expect(emulator.log.entries()).toEqual([]);
  });
});

function readFileText(path: string): string {
  return readFileSync(path, 'utf8');
}
