import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { EXAMPLES_DIR, useTempDirs } from '../helpers/temp-dir';

describe('weft validate and weft compile', () => {
  const tempDir = useTempDirs();
  const env = () => ({ WEFT_CACHE_DIR: tempDir() });

  it('validates an example and prints its Plan', async () => {
    const file = join(EXAMPLES_DIR, 'text-to-image-then-img2img.weft');
    const validated = await runCli(['validate', file], env());
    expect(validated).toMatchObject({ code: 0, stdout: '' });
    expect(validated.stderr).toBe('text-to-image-then-img2img.weft: valid, 0 warnings, 2 calls\n');

    const compiled = await runCli(['compile', file], env());
    expect(compiled.code).toBe(0);
    const plan = JSON.parse(compiled.stdout);
    expect(plan.calls.map((c: { node: string; after: string[] }) => [c.node, c.after])).toEqual([
      ['draft', []],
      ['paint', ['draft']],
    ]);
  });

  it('prints located errors and exits 1', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.weft');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'weft-workflow',
        version: 1,
        nodes: [
          { id: 'p', type: 'prompt', position: { x: 0, y: 0 }, params: { text: 'x' } },
          { id: 's1', type: 'sampler', position: { x: 0, y: 0 }, params: { num_outputs: 9 } },
        ],
        edges: [
          { id: 'e1', from: { node: 'p', port: 'prompt' }, to: { node: 's1', port: 'prompt' } },
          { id: 'e3', from: { node: 'p9', port: 'prompt' }, to: { node: 's1', port: 'prompt' } },
        ],
      }),
    );
    const run = await runCli(['validate', file], env());
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')).toEqual([
      'bad.weft: error: edge e3: node p9 does not exist',
      'bad.weft: error: node s1: param num_outputs must be a whole number between 1 and 4',
      'bad.weft: 2 errors, 0 warnings, 0 calls',
      '',
    ]);
  });

  it('explains a file it cannot read, without touching it', async () => {
    const dir = tempDir();
    const file = join(dir, 'future.weft');
    const text = JSON.stringify({ format: 'weft-workflow', version: 7, nodes: [], edges: [] });
    writeFileSync(file, text);
    const run = await runCli(['validate', file], env());
    expect(run).toMatchObject({ code: 1, stderr: `error: ${file}: file is version 7; this Weft reads up to 1: update Weft to open it\n` });
    const missing = await runCli(['compile', join(dir, 'nope.weft')], env());
    expect(missing.stderr).toMatch(/nope\.weft: cannot read the file \(no such file\)/);
    const binary = join(dir, 'binary.weft');
    writeFileSync(binary, Buffer.from([0xff, 0xfe, 0x00, 0x81]));
    expect((await runCli(['validate', binary], env())).stderr).toMatch(/not UTF-8 text/);
  });

  it('reports a missing image file on its node', async () => {
    const dir = tempDir();
    const file = join(dir, 'img.weft');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'weft-workflow',
        version: 1,
        nodes: [
          { id: 'pic', type: 'image', position: { x: 0, y: 0 }, params: { path: 'photo.png' } },
          { id: 'p', type: 'prompt', position: { x: 0, y: 0 }, params: { text: 'x' } },
          { id: 's', type: 'sampler', position: { x: 0, y: 0 }, params: {} },
        ],
        edges: [
          { id: 'e1', from: { node: 'pic', port: 'image' }, to: { node: 's', port: 'image' } },
          { id: 'e2', from: { node: 'p', port: 'prompt' }, to: { node: 's', port: 'prompt' } },
        ],
      }),
    );
    const run = await runCli(['validate', file], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`img.weft: error: node pic: param path file not found: ${join(dir, 'photo.png')}`);
    expect(run.stderr).toContain('img.weft: error: node s: is blocked: node pic has errors');
  });

  it('answers a wrong command with usage and exit 2', async () => {
    const run = await runCli(['frobnicate'], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command "frobnicate"[\s\S]*Usage: weft/);
    expect((await runCli(['validate'], env())).code).toBe(2);
  });
});
