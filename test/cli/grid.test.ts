// A sweep with a grid node, run end to end: the grid image has one cell per call, each showing that
// call's image, and the swept calls share their upstream call.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRID_CELL } from '../../src/runtime/grid/render-grid';
import { startEmulator, type Emulator } from '../emulator/index';
import { runCli } from '../helpers/cli';
import { useTempDirs } from '../helpers/temp-dir';

async function meanColour(image: Sharp): Promise<number[]> {
  const { channels } = await image.stats();
  return channels.slice(0, 3).map((c) => Math.round(c.mean));
}

describe('a sweep drawn as an XY grid', () => {
  const tempDir = useTempDirs();
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ timing: { queueDelayMs: 2, predictMs: 15 } });
  });
  afterAll(() => emulator.close());

  it('runs every variant once and writes a grid whose cells are their images', async () => {
    const dir = tempDir();
    const sweep = (values: unknown[]) => ({ $sweep: values });
    writeFileSync(
      join(dir, 'sweep.weft'),
      JSON.stringify({
        format: 'weft-workflow',
        version: 1,
        nodes: [
          { id: 'p', type: 'prompt', position: { x: 0, y: 0 }, params: { text: 'a lantern' } },
          { id: 's', type: 'sampler', position: { x: 0, y: 0 }, params: { seed: sweep([1, 2, 3]), guidance: sweep([2, 4]), megapixels: '0.25', output_format: 'png' } },
          { id: 'out', type: 'output', position: { x: 0, y: 0 }, params: {} },
          { id: 'g', type: 'grid', position: { x: 0, y: 0 }, params: {} },
        ],
        edges: [
          { id: 'e1', from: { node: 'p', port: 'prompt' }, to: { node: 's', port: 'prompt' } },
          { id: 'e2', from: { node: 's', port: 'images' }, to: { node: 'out', port: 'images' } },
          { id: 'e3', from: { node: 's', port: 'images' }, to: { node: 'g', port: 'images' } },
        ],
      }),
    );
    const vars = { WEFT_CACHE_DIR: tempDir(), WEFT_DATA_DIR: tempDir(), REPLICATE_API_TOKEN: emulator.token, REPLICATE_BASE_URL: emulator.baseUrl };
    const before = emulator.log.predictionsCreated().length;
    const run = await runCli(['run', 'sweep.weft', '--out', 'out'], vars, dir);
    expect(run.code, run.stderr).toBe(0);
    expect(emulator.log.predictionsCreated().length - before).toBe(6);

    const files = readdirSync(join(dir, 'out'));
    expect(files).toContain('grid-g.png');
    const grid = sharp(readFileSync(join(dir, 'out', 'grid-g.png')));
    const { width, height } = await grid.metadata();
    expect({ width, height }).toEqual({ width: 3 * 48 + 3 * GRID_CELL, height: 48 + 2 * GRID_CELL });

    // Cell (row 1, column 2) is seed=3, guidance=4: the sixth call, s#6.
    const cellImage = sharp(readFileSync(join(dir, 'out', 'weft-s#6-0.png')));
    const cell = sharp(readFileSync(join(dir, 'out', 'grid-g.png'))).extract({ left: 3 * 48 + 2 * GRID_CELL + 96, top: 48 + GRID_CELL + 96, width: GRID_CELL - 192, height: GRID_CELL - 192 });
    const [expected, actual] = await Promise.all([meanColour(cellImage), meanColour(cell)]);
    actual.forEach((channel, i) => expect(Math.abs(channel - expected[i]!)).toBeLessThan(24));
  });
});
