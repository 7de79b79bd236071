// The workflow travels with its images: `weft run` writes images whose metadata restores the exact graph,
// and running the restored graph is answered from the cache, call for call.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { runCli } from '../helpers/cli';
import { EXAMPLES_DIR, useTempDirs } from '../helpers/temp-dir';

describe('weft open <image>', () => {
  const tempDir = useTempDirs();
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ timing: { queueDelayMs: 2, predictMs: 15 } });
  });
  afterAll(() => emulator.close());

  it('restores the graph that made an image, seeds pinned, so re-running it is exact', async () => {
    const vars = { WEFT_CACHE_DIR: tempDir(), WEFT_DATA_DIR: tempDir(), REPLICATE_API_TOKEN: emulator.token, REPLICATE_BASE_URL: emulator.baseUrl };
    const dir = tempDir();
    // A workflow whose first sampler draws a random seed: the image must remember the seed it got.
    const workflow = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'text-to-image-then-img2img.weft'), 'utf8'));
    workflow.nodes.find((n: { id: string }) => n.id === 'draft').params.seed = 'random';
    writeFileSync(join(dir, 'nook.weft'), JSON.stringify(workflow));
    const first = await runCli(['run', 'nook.weft', '--out', 'out', '--json'], vars, dir);
    expect(first.code).toBe(0);

    const opened = await runCli(['open', 'out/nook-paint-0.webp', '--out', 'restored.weft'], vars, dir);
    expect(opened.code, opened.stderr).toBe(0);
    const restored = JSON.parse(readFileSync(join(dir, 'restored.weft'), 'utf8'));
    expect(restored.nodes.find((n: { id: string }) => n.id === 'draft').params.seed).toEqual(expect.any(Number));

    const created = emulator.log.predictionsCreated().length;
    const again = await runCli(['run', 'restored.weft', '--json'], vars, dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/^succeeded: 2 calls \(0 run, 2 cached\)/m);
    expect(emulator.log.predictionsCreated().length).toBe(created);
  });

  it('says clearly when an image carries no workflow', async () => {
    const dir = tempDir();
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } }).png().toFile(join(dir, 'plain.png'));
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    const plain = await runCli(['open', join(dir, 'plain.png')], {});
    expect(plain).toMatchObject({ code: 1 });
    expect(plain.stderr).toContain('plain.png: the image carries no Weft workflow');
    const text = await runCli(['open', join(dir, 'notes.txt')], {});
    expect(text.stderr).toContain('notes.txt: not a PNG, JPEG or WebP image');
  });
});
