// `weft export`: the scripts it writes really run, as a user would run them, against the emulator, and
// make the same calls Weft would (same versions, same inputs, the uploaded images byte for byte).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { runCli } from '../helpers/cli';
import { EXAMPLES_DIR, useTempDirs } from '../helpers/temp-dir';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

describe('weft export', () => {
  const tempDir = useTempDirs();
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ timing: { queueDelayMs: 2, predictMs: 15 } });
  });
  afterAll(() => emulator.close());

  const scriptEnv = () => ({ ...process.env, REPLICATE_API_TOKEN: emulator.token, REPLICATE_BASE_URL: emulator.baseUrl, NODE_PATH: join(ROOT, 'node_modules') });

  async function exportExample(name: string, format: string, extra: string[] = []) {
    const out = tempDir();
    const cli = await runCli(['export', join(EXAMPLES_DIR, `${name}.weft`), '--format', format, '--out', out, ...extra], { WEFT_CACHE_DIR: tempDir() });
    expect(cli.code, cli.stderr).toBe(0);
    return { out, script: cli.stdout.trim(), cli };
  }

  /** What Weft itself would send: the compiled inputs, images left out (they are URLs that differ). */
  async function compiledInputs(name: string) {
    const cli = await runCli(['compile', join(EXAMPLES_DIR, `${name}.weft`)], { WEFT_CACHE_DIR: tempDir() });
    const plan = JSON.parse(cli.stdout) as { calls: { version: string; input: Record<string, unknown> }[] };
    return plan.calls.map((c) => ({ version: c.version, input: withoutImages(c.input) }));
  }

  function withoutImages(input: Record<string, unknown>) {
    return Object.fromEntries(Object.entries(input).filter(([k]) => k !== 'image' && k !== 'mask'));
  }

  function createdSince(mark: number) {
    return emulator.log.predictionsCreated().slice(mark).map((e) => ({ version: e.version, input: withoutImages(e.input as Record<string, unknown>) }));
  }

  it('writes a Node script that runs with the official client and chains outputs', async () => {
    const { out, script } = await exportExample('text-to-image-then-img2img', 'node');
    expect(script).toBe(join(out, 'run.cjs'));
    const mark = emulator.log.predictionsCreated().length;
    const result = await run('node', [script], { env: scriptEnv(), cwd: out });
    expect(createdSince(mark)).toEqual(await compiledInputs('text-to-image-then-img2img'));
    expect(readdirSync(join(out, 'outputs')).sort()).toEqual(['draft-0.webp', 'paint-0.webp']);
    expect(result.stdout).toContain('paint-0.webp');
  });

  it('ships the images beside the script and uploads exactly those bytes', async () => {
    const { out, cli } = await exportExample('inpainting', 'node');
    expect(cli.stderr).toContain('with 2 images');
    const shipped = readdirSync(join(out, 'images')).map((f) => createHash('sha256').update(readFileSync(join(out, 'images', f))).digest('hex'));
    const uploadsBefore = emulator.log.uploads().length;
    await run('node', [join(out, 'run.cjs')], { env: scriptEnv(), cwd: out });
    const uploads = emulator.log.uploads().slice(uploadsBefore);
    expect(uploads).toHaveLength(2);
    const uploaded = await Promise.all(
      uploads.map(async (u) => {
        const response = await fetch(`${emulator.baseUrl}/files/${u.id}`, { headers: { Authorization: `Bearer ${emulator.token}` } });
        return ((await response.json()) as { checksums: { sha256: string } }).checksums.sha256;
      }),
    );
    expect(uploaded.sort()).toEqual(shipped.sort());
    expect(existsSync(join(out, 'outputs', 'sampler-0.webp'))).toBe(true);
  });

  it('writes a curl script that runs with bash, curl and jq', async () => {
    const { out } = await exportExample('text-to-image-then-img2img', 'curl');
    const mark = emulator.log.predictionsCreated().length;
    await run('bash', [join(out, 'run.sh')], { env: scriptEnv(), cwd: out });
    expect(createdSince(mark)).toEqual(await compiledInputs('text-to-image-then-img2img'));
    expect(readdirSync(join(out, 'outputs')).sort()).toEqual(['draft-0.webp', 'paint-0.webp']);
  });

  it('writes a Python script that compiles, with the same calls', async () => {
    const { out } = await exportExample('rf-inversion-edit', 'python');
    await run('python3', ['-m', 'py_compile', join(out, 'run.py')]);
    const text = readFileSync(join(out, 'run.py'), 'utf8');
    expect(text).toContain('predict("d1d9fc7a70eaad39f2b388a8ce8ad701bf5ba78cdd45f78995b4acb17f19bec4", {');
    expect(text).toContain('"img2img_mode": "rf_inversion",');
    expect(text).toContain('"disable_safety_checker": False,');
    expect(text).toMatch(/"image": upload\("images\/[0-9a-f]{16}\.png"\),/);
  });

  it('exports only what a node needs with --only, and refuses a workflow with errors', async () => {
    const { out } = await exportExample('text-to-image-then-img2img', 'node', ['--only', 'draft']);
    const text = readFileSync(join(out, 'run.cjs'), 'utf8');
    expect(text).toContain('// node draft');
    expect(text).not.toContain('// node paint');
    const bad = await runCli(['export', join(EXAMPLES_DIR, 'inpainting.weft'), '--format', 'perl', '--out', tempDir()], { WEFT_CACHE_DIR: tempDir() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format must be one of curl, node, python');
  });
});
