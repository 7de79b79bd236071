// The disk fills up while the browser host writes the user's files: a workflow save, a save-as, an
// autosave, the settings, an exported image, an imported one. Each answer says the disk is full, in one
// line; what was on disk before is byte for byte intact; no temp file is left behind; and once there is
// room again, the same call works.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeWorkflow } from '../../../src/engine';
import { EXAMPLES_DIR } from '../../helpers/temp-dir';
import { auditCache, tempDebris } from '../support/cache-audit';
import { diskFull, type InjectedFault } from '../support/fs-faults';
import { useTally } from '../support/tally';
import { snapshot } from '../support/tree';
import { startHost, type HostUnderTest } from '../support/web-host';

const DISK_FULL = /^disk is full while writing \S+: free some space and try again; nothing was overwritten$/;

describe('a full disk while the host writes files', () => {
  const tally = useTally(__filename);
  let root: string;
  let web: HostUnderTest;
  let files: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'weft-rel-full-'));
    web = await startHost(join(root, 'host'));
    files = join(root, 'files');
  });
  afterAll(async () => {
    await web.host.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** Runs `call` on a full disk for paths under `where`, then with room; checks the answers and the folder. */
  async function onFullDisk(what: string, where: string, call: () => Promise<{ reply: any }>): Promise<{ failed: any; after: any }> {
    const before = snapshot(where);
    const fault: InjectedFault = diskFull((path) => path.startsWith(where));
    let failed;
    try {
      failed = (await call()).reply;
    } finally {
      fault.restore();
    }
    expect(fault.hits, what).toBeGreaterThan(0);
    expect(failed, what).toMatchObject({ ok: false, error: { code: 'io', error: expect.stringMatching(DISK_FULL) } });
    expect(snapshot(where), `${what}: the folder is as it was`).toEqual(before);
    const after = (await call()).reply;
    expect(after.ok, `${what}, with room again`).toBe(true);
    tally.add('machine: full disk writing files', { cases: 2, faults: fault.hits });
    return { failed, after };
  }

  it('saving a workflow over its file, and to a new file', async () => {
    const path = join(files, 'nook.weft');
    mkdirSync(files, { recursive: true });
    writeFileSync(path, readFileSync(join(EXAMPLES_DIR, 'text-to-image-then-img2img.weft')));
    const opened = (await web.api('workflow.open', { kind: 'path', path })).reply.value.document;
    await web.api('workflow.save', { documentId: opened.documentId, workflow: opened.workflow });
    const edited = { ...opened.workflow, name: 'edited on a full disk' };
    await onFullDisk('save', files, () => web.api('workflow.save', { documentId: opened.documentId, workflow: edited }));
    expect(JSON.parse(readFileSync(path, 'utf8')).name).toBe('edited on a full disk');
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(serializeWorkflow(opened.workflow));
    await onFullDisk('save as', files, () => web.api('workflow.saveAs', { documentId: opened.documentId, workflow: edited, target: { kind: 'path', path: join(files, 'copy.weft') } }));
    expect(readdirSync(files).sort()).toEqual(['copy.weft', 'nook.weft', 'nook.weft.bak']);
  });

  it('autosaving: the previous autosave is what a restore gives back', async () => {
    const created = (await web.api('workflow.new', {})).reply.value.document;
    const documentId = created.documentId;
    const first = { ...created.workflow, name: 'first draft' };
    await web.api('recovery.autosave', { documentId, workflow: first, name: 'draft' });
    const recovery = join(web.dataDir, 'recovery');
    const fault = diskFull((path) => path.startsWith(recovery));
    const failed = await web.api('recovery.autosave', { documentId, workflow: { ...first, name: 'second draft' }, name: 'draft' }).finally(() => fault.restore());
    expect(failed.reply).toMatchObject({ ok: false, error: { code: 'io', error: expect.stringMatching(DISK_FULL) } });
    expect((await web.api('recovery.restore', { documentId })).reply.value.document.workflow.name).toBe('first draft');
    expect(readdirSync(recovery).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    tally.add('machine: full disk writing files', { cases: 1, faults: fault.hits });
  });

  it('changing settings: nothing of the change is kept, the old settings stand', async () => {
    await web.api('settings.set', { concurrency: 3 });
    const { failed } = await onFullDisk('settings', web.dataDir, () => web.api('settings.set', { concurrency: 9 }));
    expect(failed.error.error).toContain('settings.json');
    expect((await web.api('settings.get', {})).reply.value.concurrency).toBe(9);
  });

  it('importing an image and saving one: no partial blob, no partial file', async () => {
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#884422' } }).png().toBuffer();
    const { after } = await onFullDisk('import', web.cacheDir, () => web.api('images.import', { kind: 'bytes', base64: png.toString('base64') }));
    expect(auditCache(web.cacheDir).problems).toEqual([]);
    expect(tempDebris(web.cacheDir)).toEqual([]);
    const target = join(files, 'export.png');
    writeFileSync(target, 'the file that was there');
    await onFullDisk('export', dirname(target), () => web.api('images.save', { sha256: after.value.sha256, target: { kind: 'path', path: target } }));
    expect(readFileSync(target).equals(png)).toBe(true);
    expect(existsSync(`${target}.bak`)).toBe(false);
  });
});
