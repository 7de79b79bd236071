// A distinctive API token through a whole session of the browser host - set it, open, save, autosave,
// run (with uploads, downloads, a model failure and the token revoked halfway through a run), gallery,
// history, export, thumbnails - and through `weft run` with --out. Afterwards the token is in no file
// under the data, cache and output folders, in no answer or event the renderer received, and in no log
// line; neither is a wrong token the user once pasted.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeWorkflow } from '../../../src/engine';
import { startEmulator, type Emulator } from '../../emulator/index';
import { runCli } from '../../helpers/cli';
import { readEvents } from '../../web/http-client';
import { useTally } from '../support/tally';
import { filesContaining, filesUnder } from '../support/tree';
import { startHost, type HostUnderTest } from '../support/web-host';
import { chain } from '../support/workflows';

const TOKEN = `r8_WeftLeakCanary${randomBytes(8).toString('hex')}`;
const WRONG = `r8_WrongCanary${randomBytes(8).toString('hex')}`;

describe('the API token never leaks', () => {
  const tally = useTally(__filename);
  let root: string;
  let emulator: Emulator;
  let web: HostUnderTest;
  const seen: string[] = [];
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'weft-rel-token-'));
    emulator = await startEmulator({ tokens: [TOKEN], timing: { queueDelayMs: 2, predictMs: 15 } });
    web = await startHost(join(root, 'host'), { REPLICATE_BASE_URL: emulator.baseUrl });
    mkdirSync(join(root, 'files'));
  });
  afterAll(async () => {
    await web.host.close();
    await emulator.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function runAndWatch(documentId: string, workflow: unknown): Promise<any[]> {
    let runId = '';
    const headers = { 'X-Weft-Secret': web.host.secret };
    const events = await readEvents(web.host.port, headers, (e) => e.channel === 'run' && e.event.type === 'run-finished' && e.event.runId === runId, () => {
      void web.api('run.start', { documentId, workflow }).then(({ reply }) => (runId = reply.value.runId));
    });
    seen.push(JSON.stringify(events));
    return events;
  }

  it('through a whole session of the browser host', async () => {
    expect((await web.api('token.set', { token: WRONG })).reply.value.ok).toBe(false);
    expect((await web.api('token.set', { token: TOKEN })).reply.value).toMatchObject({ ok: true });
    await web.api('token.status', {});
    await web.api('token.test', {});

    const example = (await web.api('workflow.open', { kind: 'example', id: 'inpainting' })).reply.value.document;
    await web.api('workflow.saveAs', { documentId: example.documentId, workflow: example.workflow, target: { kind: 'path', path: join(root, 'files', 'inpainting.weft') } });
    await web.api('recovery.autosave', { documentId: example.documentId, workflow: example.workflow, name: 'inpainting' });
    const ran = await runAndWatch(example.documentId, example.workflow);
    expect(ran.at(-1).event.status).toBe('succeeded');

    // A model failure, then the token revoked halfway: error messages and logs are written.
    const opened = (await web.api('workflow.open', { kind: 'text', name: 'chain.weft', text: serializeWorkflow(chain(50)) })).reply.value.document;
    emulator.faults.failPredictions({ promptIncludes: 'harbour', error: 'CUDA out of memory' });
    const failed = await runAndWatch(opened.documentId, opened.workflow);
    expect(failed.at(-1).event.status).toBe('failed');
    emulator.faults.clear();
    const revokeAfterFirst = emulator.faults.slowPredictions({ predictMs: 300 });
    const pending = runAndWatch(opened.documentId, { ...opened.workflow, nodes: opened.workflow.nodes.map((n: any) => (n.type === 'sampler' ? { ...n, params: { ...n.params, seed: (n.params.seed ?? 0) + 100 } } : n)) });
    setTimeout(() => emulator.setTokens([]), 150);
    expect(JSON.stringify(await pending)).toContain('token was refused');
    revokeAfterFirst.remove();
    emulator.setTokens([TOKEN]);

    const gallery = (await web.api('gallery.list', { limit: 50 })).reply.value.items;
    expect(gallery.length).toBeGreaterThan(0);
    const runs = (await web.api('history.list', { limit: 50 })).reply.value.runs;
    for (const run of runs) await web.api('history.get', { id: run.id });
    await web.api('cache.stats', {});
    await web.api('settings.get', {});
    await web.api('recovery.list', {});
    await web.api('workflow.recent', {});
    await web.api('app.info', {});
    for (const item of gallery.slice(0, 3)) {
      await web.get(`/images/${item.output.sha256}`);
      await web.get(`/images/${item.output.sha256}?thumb=128`);
      await web.api('images.save', { sha256: item.output.sha256, target: { kind: 'path', path: join(root, 'files', `${item.output.sha256.slice(0, 8)}.png`) } });
    }
    await web.api('token.clear', {});

    const everything = [...web.bodies, ...seen, ...web.logs];
    expect(everything.length).toBeGreaterThan(25);
    for (const secret of [TOKEN, WRONG]) {
      expect(everything.filter((text) => text.includes(secret))).toEqual([]);
      expect(filesContaining(secret, root)).toEqual([]);
    }
    tally.add('security: the token never leaks', { cases: everything.length + filesUnder(root).length, faults: 2 });
  });

  it('through weft run, its output files, and a refused token', async () => {
    const dir = join(root, 'cli');
    mkdirSync(dir);
    const file = join(dir, 'chain.weft');
    writeFileSync(file, serializeWorkflow(chain(70)));
    const env = { WEFT_CACHE_DIR: join(dir, 'cache'), WEFT_DATA_DIR: join(dir, 'data'), REPLICATE_BASE_URL: emulator.baseUrl };
    const good = await runCli(['run', file, '--json', '--out', join(dir, 'out')], { ...env, REPLICATE_API_TOKEN: TOKEN });
    expect(good.code).toBe(0);
    const refused = await runCli(['run', file, '--no-cache'], { ...env, REPLICATE_API_TOKEN: WRONG });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/token was refused/);
    for (const secret of [TOKEN, WRONG]) {
      expect([good.stdout, good.stderr, refused.stdout, refused.stderr].filter((text) => text.includes(secret))).toEqual([]);
      expect(filesContaining(secret, dir)).toEqual([]);
    }
    tally.add('security: the token never leaks', { cases: 4 + filesUnder(dir).length, faults: 1 });
  });
});
