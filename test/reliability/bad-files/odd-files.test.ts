// Files that are odd by size or kind: a workflow carrying a 50 MB image, a 600 MB file, a folder, a
// FIFO, a file that is not there, a symlink loop. The big one loads (through every host) and the rest
// are refused in one line, at once, without the host reading forever or falling over.
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../../nodes';
import { BlobStore } from '../../../src/runtime/cache/blobs';
import { compileWorkflow } from '../../../src/runtime/compile-workflow';
import { ImagePreparer } from '../../../src/runtime/images/image-preparer';
import { readWorkflowFile } from '../../../src/runtime/workflow/workflow-file';
import { runCli } from '../../helpers/cli';
import { workflow } from '../../helpers/build-workflow';
import { isOneClearLine } from '../support/bad-file-cases';
import { useTally } from '../support/tally';
import { sha256OfFile } from '../support/tree';
import { startHost, type HostUnderTest } from '../support/web-host';

describe('odd files', () => {
  const tally = useTally(__filename);
  let root: string;
  let web: HostUnderTest;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'weft-rel-odd-'));
    web = await startHost(join(root, 'host'));
  });
  afterAll(async () => {
    await web.host.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('a workflow with a 50 MB embedded image loads, compiles and opens through every host', async () => {
    // Noise does not compress: a 4096x4096 PNG of it is about 50 MB.
    const png = await sharp(randomBytes(4096 * 4096 * 3), { raw: { width: 4096, height: 4096, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
    expect(png.length).toBeGreaterThan(48 * 1024 * 1024);
    const sha = createHash('sha256').update(png).digest('hex');
    const big = workflow({ photo: ['image', { asset: sha }], p: ['prompt', { text: 'the photo, at night' }], s: ['sampler', { prompt_strength: 0.8 }] }, ['photo.image>s.image', 'p.prompt>s.prompt'], {
      assets: { [sha]: { type: 'image/png', data: png.toString('base64') } },
    });
    const path = join(root, 'big.weft');
    writeFileSync(path, JSON.stringify(big));
    const before = sha256OfFile(path);

    const read = await readWorkflowFile(path);
    expect(read).toMatchObject({ ok: true, warnings: [] });
    if (!read.ok) return;
    const plan = await compileWorkflow(read.workflow, { catalog, images: new ImagePreparer(new BlobStore(join(root, 'cache'))), baseDir: root, randomSeed: () => 5 });
    expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(plan.calls).toHaveLength(1);

    const validated = await runCli(['validate', path], { WEFT_CACHE_DIR: join(root, 'cache') });
    expect(validated.code).toBe(0);
    const byPath = await web.api('workflow.open', { kind: 'path', path });
    expect(byPath.reply.ok).toBe(true);
    const asText = await web.api('workflow.open', { kind: 'text', name: 'big.weft', text: readFileSync(path, 'utf8') });
    expect(asText.reply.ok).toBe(true);
    expect((await web.api('app.info', {})).reply.ok).toBe(true);
    expect(sha256OfFile(path)).toBe(before);
    tally.add('bad files: odd sizes and kinds', { cases: 4, faults: 4 });
  });

  it('a 600 MB file, a folder, a FIFO, a missing file and a symlink loop are refused in one line', async () => {
    const huge = join(root, 'huge.weft');
    closeSync(openSync(huge, 'w'));
    execFileSync('truncate', ['-s', '600M', huge]); // sparse: costs no disk
    const folder = join(root, 'folder.weft');
    mkdirSync(folder);
    const fifo = join(root, 'pipe.weft');
    execFileSync('mkfifo', [fifo]);
    const loop = join(root, 'loop.weft');
    symlinkSync(loop, loop);
    const cases: [string, RegExp][] = [
      [huge, /the file is 629 MB, more than any workflow Weft reads/],
      [folder, /not a file/],
      [fifo, /not a file/],
      [join(root, 'missing.weft'), /no such file/],
      [loop, /cannot read the file/],
    ];
    for (const [path, why] of cases) {
      const read = await readWorkflowFile(path);
      expect(read.ok, path).toBe(false);
      if (!read.ok) {
        expect(read.error).toMatch(why);
        expect(isOneClearLine(read.error)).toBe(true);
      }
      const validated = await runCli(['validate', path], { WEFT_CACHE_DIR: join(root, 'cache') });
      expect(validated.code).toBe(1);
      expect(validated.stderr).toMatch(why);
      const opened = await web.api('workflow.open', { kind: 'path', path });
      expect(opened.status).toBe(200);
      expect(opened.reply).toMatchObject({ ok: false, error: { error: expect.stringMatching(why) } });
    }
    expect((await web.api('app.info', {})).reply.ok).toBe(true);
    tally.add('bad files: odd sizes and kinds', { cases: cases.length * 3, faults: cases.length * 3 });
  });
});
