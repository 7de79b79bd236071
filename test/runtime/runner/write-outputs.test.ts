// Writing a run's images where the user asked: output nodes' folders (relative to the workflow file)
// and --out, named <prefix>-<node>-<n>.<ext>, never overwriting a different file that is already there.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/engine';
import { Cache } from '../../../src/runtime/cache/cache';
import type { OutputRef } from '../../../src/runtime/runner/events';
import { writeOutputs } from '../../../src/runtime/runner/write-outputs';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

async function storedImage(cache: Cache, colour: string): Promise<OutputRef> {
  const bytes = await sharp({ create: { width: 8, height: 8, channels: 3, background: colour } }).png().toBuffer();
  const put = await cache.blobs.putImage(bytes);
  return { sha256: put.sha256, mediaType: put.mediaType, size: put.size };
}

function planWith(outputs: Plan['outputs']): Plan {
  return { calls: [], diagnostics: [], outputs, grids: [], nodes: {} };
}

describe('writing outputs', () => {
  it("writes each output node's images to its folder and to --out", async () => {
    const cache = await Cache.open(tempDir());
    const workflowDir = tempDir();
    const outDir = tempDir();
    const red = await storedImage(cache, '#ff0000');
    const blue = await storedImage(cache, '#0000ff');
    const plan = planWith([{ node: 'save', prefix: 'nook', folder: 'renders', sources: [{ node: 'draft' }, { node: 'paint', index: 1 }] }]);
    const outputs = new Map([
      ['draft', [red]],
      ['paint', [red, blue]],
    ]);
    const { files, problems } = await writeOutputs(plan, outputs, cache.blobs, { baseDir: workflowDir, outDir });
    expect(problems).toEqual([]);
    expect(readdirSync(join(workflowDir, 'renders')).sort()).toEqual(['nook-draft-0.png', 'nook-paint-1.png']);
    expect(readdirSync(outDir).sort()).toEqual(['nook-draft-0.png', 'nook-paint-1.png']);
    expect(readFileSync(join(outDir, 'nook-paint-1.png')).equals(await cache.blobs.read(blue.sha256))).toBe(true);
    expect(files.every((f) => f.created)).toBe(true);
  });

  it('leaves identical files alone and never overwrites a different one: it takes the next name', async () => {
    const cache = await Cache.open(tempDir());
    const outDir = tempDir();
    const red = await storedImage(cache, '#ff0000');
    const plan = planWith([{ node: 'save', prefix: 'weft', sources: [{ node: 's' }] }]);
    writeFileSync(join(outDir, 'weft-s-0.png'), 'a file the user cares about');
    const first = await writeOutputs(plan, new Map([['s', [red]]]), cache.blobs, { outDir });
    expect(first.files.map((f) => [f.path, f.created])).toEqual([[join(outDir, 'weft-s-0-2.png'), true]]);
    expect(readFileSync(join(outDir, 'weft-s-0.png'), 'utf8')).toBe('a file the user cares about');
    const second = await writeOutputs(plan, new Map([['s', [red]]]), cache.blobs, { outDir });
    expect(second.files.map((f) => [f.path, f.created])).toEqual([[join(outDir, 'weft-s-0-2.png'), false]]);
    expect(readdirSync(outDir).sort()).toEqual(['weft-s-0-2.png', 'weft-s-0.png']);
  });

  it('gives --out every image when the workflow has no output node, and skips calls that did not run', async () => {
    const cache = await Cache.open(tempDir());
    const outDir = tempDir();
    const red = await storedImage(cache, '#ff0000');
    const result = await writeOutputs(planWith([]), new Map([['s1', [red]]]), cache.blobs, { outDir });
    expect(readdirSync(outDir)).toEqual(['weft-s1-0.png']);
    const partial = await writeOutputs(planWith([{ node: 'save', prefix: 'x', sources: [{ node: 'missing' }] }]), new Map(), cache.blobs, { outDir: join(outDir, 'sub') });
    expect(partial).toEqual({ files: [], problems: [] });
    expect(existsSync(join(outDir, 'sub'))).toBe(false);
    expect(result.problems).toEqual([]);
  });

  it('says why a relative folder of an unsaved workflow gets nothing', async () => {
    const cache = await Cache.open(tempDir());
    const plan = planWith([{ node: 'save', prefix: 'x', folder: 'renders', sources: [{ node: 's' }] }]);
    const { problems } = await writeOutputs(plan, new Map([['s', [await storedImage(cache, '#00ff00')]]]), cache.blobs, {});
    expect(problems).toEqual(['output node save: its folder "renders" is relative, but the workflow is not saved: nothing written there']);
  });
});
