// `weft group list|export|import`, and a grouped workflow run end to end: its outputs are written under
// file-safe names, and its flat twin is then answered from the cache, call for call.
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { runCli } from '../helpers/cli';
import { EXAMPLES_DIR, useTempDirs } from '../helpers/temp-dir';

const GROUPED = join(__dirname, '..', 'golden', 'groups');

describe('weft group', () => {
  const tempDir = useTempDirs();

  it('exports a workflow group to the library, lists it, and imports it into another workflow', async () => {
    const vars = { WEFT_CACHE_DIR: tempDir(), WEFT_DATA_DIR: tempDir() };
    const dir = tempDir();
    copyFileSync(join(GROUPED, 'text-to-image-two-loras.grouped.weft'), join(dir, 'looks.weft'));
    copyFileSync(join(EXAMPLES_DIR, 'inpainting.weft'), join(dir, 'other.weft'));

    expect((await runCli(['group', 'list'], vars, dir)).stderr).toMatch(/is empty/);
    const exported = await runCli(['group', 'export', 'looks.weft', 'look'], vars, dir);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout.trim()).toBe('look');
    expect(existsSync(join(vars.WEFT_DATA_DIR, 'library', 'look.weft-group'))).toBe(true);
    expect((await runCli(['group', 'export', 'looks.weft', 'look'], vars, dir)).stderr).toMatch(/already has a group named "look"/);
    expect((await runCli(['group', 'export', 'looks.weft', 'look', '--as', 'look-2'], vars, dir)).code).toBe(0);
    expect((await runCli(['group', 'export', 'looks.weft', 'nope'], vars, dir)).stderr).toMatch(/this workflow has no group "nope"/);

    const listed = await runCli(['group', 'list', '--json'], vars, dir);
    expect(JSON.parse(listed.stdout).entries.map((e: { id: string; inputs: string[] }) => [e.id, e.inputs])).toEqual([
      ['look', ['prompt']],
      ['look-2', ['prompt']],
    ]);

    const imported = await runCli(['group', 'import', 'other.weft', 'look'], vars, dir);
    expect(imported.code, imported.stderr).toBe(0);
    const other = JSON.parse(readFileSync(join(dir, 'other.weft'), 'utf8'));
    // The nested group came along, and the previous file was kept.
    expect(other.groups.map((g: { id: string }) => g.id)).toEqual(['lora-stack', 'look']);
    expect(existsSync(join(dir, 'other.weft.bak'))).toBe(true);
    expect((await runCli(['validate', 'other.weft'], vars, dir)).code).toBe(0);
    expect((await runCli(['group', 'import', 'other.weft', 'missing'], vars, dir)).stderr).toMatch(/the library has no group named "missing"/);
  });

  describe('running a grouped workflow', () => {
    let emulator: Emulator;
    beforeAll(async () => {
      emulator = await startEmulator({ timing: { queueDelayMs: 2, predictMs: 10 } });
    });
    afterAll(() => emulator.close());

    it('writes its outputs under file-safe names, and shares the cache with its flat twin', async () => {
      const vars = { WEFT_CACHE_DIR: tempDir(), WEFT_DATA_DIR: tempDir(), REPLICATE_API_TOKEN: emulator.token, REPLICATE_BASE_URL: emulator.baseUrl };
      const dir = tempDir();
      copyFileSync(join(GROUPED, 'inpainting.grouped.weft'), join(dir, 'grouped.weft'));
      copyFileSync(join(EXAMPLES_DIR, 'inpainting.weft'), join(dir, 'flat.weft'));

      const grouped = await runCli(['run', 'grouped.weft', '--out', 'out'], vars, dir);
      expect(grouped.code, grouped.stderr).toBe(0);
      expect(readdirSync(join(dir, 'out')).filter((f) => !f.endsWith('.json'))).toEqual(['inpainted-inpaint_sampler-0.webp']);

      const created = emulator.log.predictionsCreated().length;
      const flat = await runCli(['run', 'flat.weft', '--json'], vars, dir);
      expect(flat.code, flat.stderr).toBe(0);
      expect(flat.stderr).toMatch(/^succeeded: 1 call \(0 run, 1 cached\)/m);
      expect(emulator.log.predictionsCreated().length).toBe(created);
    });
  });
});
