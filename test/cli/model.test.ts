// `weft model show` and `weft model add` against the emulator, and the workflow they write opening,
// validating and compiling offline afterwards (no API at all).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyWorkflow, serializeWorkflow } from '../../src/engine';
import { FLUX_FINE_TUNE, INVERSIONS, startEmulator, type Emulator } from '../emulator/index';
import { runCli } from '../helpers/cli';
import { useTempDirs } from '../helpers/temp-dir';
import { closedPort } from '../runtime/providers/closed-port';

describe('weft model', () => {
  const tempDir = useTempDirs();
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ timing: { queueDelayMs: 2, predictMs: 15 } });
  });
  afterAll(() => emulator.close());

  const env = () => ({ WEFT_CACHE_DIR: tempDir(), WEFT_DATA_DIR: tempDir(), REPLICATE_API_TOKEN: emulator.token, REPLICATE_BASE_URL: emulator.baseUrl });
  const FINE_TUNE_REF = `${FLUX_FINE_TUNE.ref}:${FLUX_FINE_TUNE.version}`;

  function newWorkflowFile(): string {
    const file = join(tempDir(), 'models.weft');
    writeFileSync(file, serializeWorkflow(emptyWorkflow('models')));
    return file;
  }

  it('show prints the inputs as a table: ports, then params with their defaults and values', async () => {
    const run = await runCli(['model', 'show', INVERSIONS.ref], env());
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`${INVERSIONS.ref}:${INVERSIONS.version}`);
    expect(lines[2]).toMatch(/^input\s+as\s+type\s+required\s+default\s+values$/);
    expect(lines[3]).toMatch(/^prompt\s+port\s+text\s+no$/);
    expect(lines[4]).toMatch(/^image\s+port\s+image\s+no$/);
    expect(run.stdout).toMatch(/^prompt\s+param\s+text\s+yes$/m);
    expect(run.stdout).toMatch(/^img2img_mode\s+param\s+choice\s+no\s+rf_inversion\s+img2img, rf_inversion, ddim_inversion, original_latents, random_latents$/m);
    expect(run.stdout).toMatch(/^end_step\s+param\s+integer\s+no\s+6\s+0\.\.28$/m);
    expect(run.stdout).toMatch(/^seed\s+param\s+seed\s+no\s+random\s+"random" or a whole number$/m);
    expect(run.stdout).toContain('outputs: images (all images), image (first image)');
  });

  it('add stores the schema and a model node, keeps a .bak, and the file then validates and compiles offline', async () => {
    const file = newWorkflowFile();
    const before = readFileSync(file, 'utf8');
    const added = await runCli(['model', 'add', file, FINE_TUNE_REF, '--id', 'ft'], env());
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^added node ft to models\.weft\n\nweft-test\/flux-fine-tune:34639a44/);
    expect(added.stdout).toMatch(/^mask\s+port\s+mask\s+no\s+takes image too$/m);
    expect(added.stderr).toContain('models.weft: set prompt on node ft before running it');
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(before);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.nodes).toEqual([{ id: 'ft', type: 'model', model: FINE_TUNE_REF, position: { x: 0, y: 0 }, params: {} }]);
    expect(saved.models[FINE_TUNE_REF]).toMatchObject({ schemaHash: expect.stringMatching(/^[0-9a-f]{64}$/), fetchedAt: expect.any(String) });

    // Set the prompt as a user would, then check the file with no API reachable at all.
    saved.nodes[0].params = { prompt: 'a fox', seed: 5 };
    writeFileSync(file, JSON.stringify(saved));
    const offline = { ...env(), REPLICATE_API_TOKEN: '', REPLICATE_BASE_URL: `http://127.0.0.1:${await closedPort()}/v1` };
    emulator.resetLog();
    const validated = await runCli(['validate', file], offline);
    expect(validated.stderr).toContain('models.weft: valid, 0 warnings, 1 call');
    const compiled = await runCli(['compile', file], offline);
    expect(compiled.code).toBe(0);
    expect(JSON.parse(compiled.stdout).calls[0]).toMatchObject({ node: 'ft', model: FLUX_FINE_TUNE.ref, version: FLUX_FINE_TUNE.version, input: { prompt: 'a fox', seed: 5 } });
    expect(emulator.log.entries()).toEqual([]);
  });

  it('add names the node after the model, and refuses an id already taken', async () => {
    const file = newWorkflowFile();
    const first = await runCli(['model', 'add', file, INVERSIONS.ref], env());
    expect(first.stdout).toMatch(/^added node inversions to models\.weft/);
    const second = await runCli(['model', 'add', file, INVERSIONS.ref], env());
    expect(second.stdout).toMatch(/^added node inversions-2 to models\.weft/);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.nodes.map((n: { id: string; position: { x: number } }) => [n.id, n.position.x])).toEqual([
      ['inversions', 0],
      ['inversions-2', 380],
    ]);
    expect(Object.keys(saved.models)).toEqual([`${INVERSIONS.ref}:${INVERSIONS.version}`]);
    const taken = await runCli(['model', 'add', file, INVERSIONS.ref, '--id', 'inversions'], env());
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('weft: --id: the workflow already has a node inversions: choose another id');
  });

  it('says what is wrong: no token, an unknown model, a malformed name, a file that cannot be read', async () => {
    const file = newWorkflowFile();
    const noToken = await runCli(['model', 'show', INVERSIONS.ref], { ...env(), REPLICATE_API_TOKEN: '' });
    expect(noToken).toMatchObject({ code: 1, stderr: expect.stringContaining('error: REPLICATE_API_TOKEN is not set') });
    const unknown = await runCli(['model', 'add', file, 'nobody/nothing'], env());
    expect(unknown).toMatchObject({ code: 1, stderr: 'error: Replicate has no model nobody/nothing (or this token cannot see it)\n' });
    expect(readFileSync(file, 'utf8')).toBe(serializeWorkflow(emptyWorkflow('models')));
    expect(existsSync(`${file}.bak`)).toBe(false);
    const malformed = await runCli(['model', 'show', 'flux'], env());
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('"flux" is not a Replicate model');
    const missing = await runCli(['model', 'add', join(tempDir(), 'none.weft'), INVERSIONS.ref], env());
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/none\.weft: cannot read the file \(no such file\)/) });
  });
});
