// Every API call that touches a file, and the image route, against path tricks: `..`, its encodings,
// Windows and UNC forms, NUL bytes, URLs, ids that try to be paths. The browser host takes only absolute
// paths its user typed; the desktop host takes no path from the renderer at all; ids are looked up,
// never joined onto a folder. Nothing is read or written outside what the user chose.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyWorkflow } from '../../../src/engine';
import { useServices } from '../../runtime/app/service-harness';
import { goodPng } from '../support/bad-images';
import { useTally } from '../support/tally';
import { startHost, type HostUnderTest } from '../support/web-host';

const SENTINEL = 'weft-traversal-sentinel';

const BAD_PATHS = [
  '../../../../etc/passwd',
  '..',
  './relative.weft',
  'relative.weft',
  '..\\..\\..\\Windows\\win.ini',
  'C:\\Windows\\win.ini',
  'C:/Windows/win.ini',
  '\\\\attacker\\share\\x.weft',
  '\\\\?\\C:\\Windows\\win.ini',
  '%2e%2e/%2e%2e/etc/passwd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  'file:///etc/passwd',
  '/tmp/x\u0000.weft',
  ' ',
];

describe('path tricks against every file-touching call', () => {
  const tally = useTally(__filename);
  const services = useServices();
  let root: string;
  let web: HostUnderTest;
  let sha: string;
  const documentId = () => web.api('workflow.new', {}).then((a) => a.reply.value.document.documentId as string);
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'weft-rel-traversal-'));
    writeFileSync(join(root, 'secret.txt'), SENTINEL);
    web = await startHost(join(root, 'host'));
    sha = (await web.api('images.import', { kind: 'bytes', base64: (await goodPng()).toString('base64') })).reply.value.sha256;
  });
  afterAll(async () => {
    await web.host.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('the browser host refuses every path that is not absolute, for open, save as, image export and settings', async () => {
    const cwdBefore = readdirSync(process.cwd()).sort();
    let tried = 0;
    for (const path of BAD_PATHS) {
      const calls: [string, unknown][] = [
        ['workflow.open', { kind: 'path', path }],
        ['workflow.saveAs', { documentId: await documentId(), workflow: emptyWorkflow(), target: { kind: 'path', path } }],
        ['images.save', { sha256: sha, target: { kind: 'path', path } }],
        ['settings.set', { cacheDir: path }],
      ];
      for (const [method, body] of calls) {
        tried++;
        const { status, reply } = await web.api(method, body);
        expect(status, `${method} ${JSON.stringify(path)}`).toBe(200);
        expect(reply.ok, `${method} ${JSON.stringify(path)}`).toBe(false);
        expect(reply.error.code).toBe('bad-request');
        expect(JSON.stringify(reply)).not.toContain(SENTINEL);
      }
    }
    expect(readdirSync(process.cwd()).sort()).toEqual(cwdBefore);
    tally.add('security: traversal refused', { cases: tried, faults: tried });
  });

  it('ids are looked up, never joined onto a folder: examples, recent files, recovery, history, images', async () => {
    const ids = ['../../package', '../examples/inpainting', 'inpainting/../inpainting', '/etc/passwd', '%2e%2e%2fpackage', '..\\..\\package', 'C:\\x', '\\\\server\\share', '', '.'];
    let tried = 0;
    for (const id of ids) {
      const calls: [string, unknown, string[]][] = [
        ['workflow.open', { kind: 'example', id }, ['not-found']],
        ['workflow.open', { kind: 'recent', id }, ['not-found']],
        ['recovery.restore', { documentId: id }, ['bad-request']],
        ['recovery.discard', { documentId: id }, ['bad-request']],
        ['history.get', { id }, ['not-found', 'bad-request']],
        ['images.import', { kind: 'blob', sha256: id }, ['bad-request']],
        ['images.save', { sha256: id, target: { kind: 'path', path: join(root, 'out.png') } }, ['bad-request']],
      ];
      for (const [method, body, codes] of calls) {
        tried++;
        const { reply } = await web.api(method, body);
        expect(reply.ok, `${method} ${JSON.stringify(id)}`).toBe(false);
        expect(codes, `${method} ${JSON.stringify(id)}: ${reply.error?.error}`).toContain(reply.error.code);
      }
    }
    expect(existsSync(join(root, 'out.png'))).toBe(false);
    tally.add('security: traversal refused', { cases: tried, faults: tried });
  });

  it('the image route refuses every id that is not a lowercase sha256, however it is encoded', async () => {
    const attempts = [
      '../secret.txt', '..%2fsecret.txt', '%2e%2e%2fsecret.txt', '%252e%252e%252fsecret.txt', '%c0%ae%c0%ae%c0%afsecret.txt', '..%5csecret.txt', '..\\secret.txt',
      `%2f${root.slice(1)}%2fsecret.txt`, `${encodeURIComponent(join(root, 'secret.txt'))}`, 'C:%5cWindows%5cwin.ini', '%5c%5cserver%5cshare%5cx.png', `${sha}%00.png`, `${sha}/..`, `${sha}/../../secret.txt`, `${sha.toUpperCase()}`, `${sha}%20`, `%20${sha}`,
    ];
    for (const id of attempts) {
      const answer = await web.get(`/images/${id}`);
      expect([400, 404], id).toContain(answer.status);
      expect(answer.text).not.toContain(SENTINEL);
    }
    tally.add('security: traversal refused', { cases: attempts.length, faults: attempts.length });
  });

  it('the desktop host takes no path from the renderer at all, however harmless it looks', async () => {
    const s = services({ hooks: { acceptsPathsFromRenderer: false } });
    const created = await s.call('workflow.new', {});
    const harmless = join(root, 'harmless.weft');
    const calls: [string, () => Promise<unknown>][] = [
      ['open', () => s.call('workflow.open', { kind: 'path', path: harmless })],
      ['save as', () => s.call('workflow.saveAs', { documentId: created.document.documentId, workflow: emptyWorkflow(), target: { kind: 'path', path: harmless } })],
      ['image export', async () => s.call('images.save', { sha256: (await s.call('images.import', { kind: 'bytes', base64: (await goodPng()).toString('base64') }) as { sha256: string }).sha256, target: { kind: 'path', path: join(root, 'x.png') } })],
    ];
    for (const [what, call] of calls) await expect(call(), what).rejects.toThrow(/^bad-request: this host does not take file paths from the editor/);
    expect(existsSync(harmless)).toBe(false);
    tally.add('security: traversal refused', { cases: calls.length, faults: calls.length });
  });
});
