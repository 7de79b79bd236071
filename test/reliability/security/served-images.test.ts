// What the image routes of both hosts (the browser host's /images, the desktop's app://weft/images)
// serve when someone has planted files in the cache folder: bytes that are SVG, HTML, XML, script, PDF or
// ZIP under their own sha256, a damaged blob, a symlink out of the cache. Only PNG, JPEG and WebP whose
// bytes are the ones their name promises are ever served, always with nosniff and a sandboxing CSP.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../../src/main/protocol/app-protocol';
import { useTally } from '../support/tally';
import { startHost, type HostUnderTest } from '../support/web-host';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const PLANTED: [string, Buffer][] = [
  ['SVG with a script', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>')],
  ['SVG behind an XML declaration', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
  ['HTML', Buffer.from('<!doctype html><html><script>fetch("/api/token.status")</script></html>')],
  ['HTML after whitespace', Buffer.from('\n\n   <html><body onload="alert(1)"></body></html>')],
  ['JavaScript', Buffer.from('fetch("/api/workflow.saveAs",{method:"POST"})')],
  ['PDF', Buffer.from('%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\n%%EOF')],
  ['ZIP', Buffer.from('504b0304140000000800', 'hex')],
  ['GIF with a script after its header (GIFAR)', Buffer.concat([Buffer.from('GIF89a'), Buffer.from('<script>alert(1)</script>')])],
  ['XHTML', Buffer.from('<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>')],
  ['empty', Buffer.alloc(0)],
];

describe('images served from a cache someone tampered with', () => {
  const tally = useTally(__filename);
  let root: string;
  let web: HostUnderTest;
  let app: (request: Request) => Promise<Response>;
  let outside: Buffer;
  let png: Buffer;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'weft-rel-served-'));
    web = await startHost(join(root, 'host'));
    app = createAppProtocolHandler({ rendererRoot: join(root, 'host', 'renderer'), images: web.host.service.images, log: () => {} });
    png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#123456' } }).png().toBuffer();
    outside = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#ff0000' } }).png().toBuffer();
    writeFileSync(join(root, 'private.png'), outside);
  });
  afterAll(async () => {
    await web.host.close();
    rmSync(root, { recursive: true, force: true });
  });

  function plant(name: string, bytes: Buffer | { symlinkTo: string }): void {
    const dir = join(web.cacheDir, 'blobs', name.slice(0, 2));
    mkdirSync(dir, { recursive: true });
    if (Buffer.isBuffer(bytes)) writeFileSync(join(dir, name), bytes);
    else symlinkSync(bytes.symlinkTo, join(dir, name));
  }

  /** Both hosts' answers for a blob, original and thumbnail. */
  async function answers(name: string): Promise<{ where: string; status: number; type: string; csp: string; nosniff: string; body: Buffer }[]> {
    const out = [];
    for (const query of ['', '?thumb=64']) {
      const viaWeb = await web.get(`/images/${name}${query}`);
      out.push({ where: `web${query}`, status: viaWeb.status, type: String(viaWeb.headers['content-type']), csp: String(viaWeb.headers['content-security-policy']), nosniff: String(viaWeb.headers['x-content-type-options']), body: viaWeb.body });
      const viaApp = await app(new Request(`app://weft/images/${name}${query}`));
      out.push({ where: `app${query}`, status: viaApp.status, type: viaApp.headers.get('content-type') ?? '', csp: viaApp.headers.get('content-security-policy') ?? '', nosniff: viaApp.headers.get('x-content-type-options') ?? '', body: Buffer.from(await viaApp.arrayBuffer()) });
    }
    return out;
  }

  it('never serves planted bytes that are not PNG, JPEG or WebP, under any name', async () => {
    let cases = 0;
    for (const [what, bytes] of PLANTED) {
      plant(sha(bytes), bytes);
      for (const answer of await answers(sha(bytes))) {
        cases++;
        expect(answer.status, `${what} (${answer.where})`).not.toBe(200);
        expect(answer.type, `${what} (${answer.where})`).toMatch(/^text\/plain/);
        expect(answer.body.toString()).not.toMatch(/<svg|<script|<html|%PDF/i);
      }
    }
    tally.add('security: no SVG/HTML served from the cache', { cases, faults: cases });
  });

  it('serves a real PNG only with nosniff and a sandboxing policy', async () => {
    const answer = await web.api('images.import', { kind: 'bytes', base64: png.toString('base64') });
    for (const served of await answers(answer.reply.value.sha256)) {
      expect(served.status, served.where).toBe(200);
      expect(served.type).toMatch(/^image\/(png|webp)$/);
      expect(served.nosniff).toBe('nosniff');
      expect(served.csp).toMatch(/default-src 'none'/);
    }
    tally.add('security: no SVG/HTML served from the cache', { cases: 4 });
  });

  it('never serves a damaged blob, nor a symlink out of the cache', async () => {
    // A blob whose bytes were changed after it was written: still a PNG, no longer what its name says.
    const damaged = Buffer.from(png);
    const at = damaged.length - 20;
    damaged.writeUInt8(damaged.readUInt8(at) ^ 0xff, at);
    plant(sha(png).replace(/^../, 'ee'), damaged);
    // A link planted in the cache, pointing at a private image elsewhere on the disk.
    plant(`${'ab'}${'c'.repeat(62)}`, { symlinkTo: join(root, 'private.png') });
    let cases = 0;
    for (const name of [sha(png).replace(/^../, 'ee'), `ab${'c'.repeat(62)}`]) {
      for (const answer of await answers(name)) {
        cases++;
        expect(answer.status, `${name} (${answer.where})`).toBe(404);
        expect(answer.body.includes(outside.subarray(0, 64))).toBe(false);
      }
    }
    tally.add('security: no SVG/HTML served from the cache', { cases, faults: cases });
  });

  it('never hands a damaged blob or a symlink out of the cache to an import or an export either', async () => {
    const names = [sha(png).replace(/^../, 'ee'), `ab${'c'.repeat(62)}`];
    let cases = 0;
    for (const name of names) {
      const imported = await web.api('images.import', { kind: 'blob', sha256: name });
      expect(imported.reply, name).toMatchObject({ ok: false, error: { error: expect.stringMatching(/is damaged/) } });
      expect(JSON.stringify(imported.reply)).not.toContain(outside.toString('base64').slice(0, 40));
      const target = join(root, `export-${name.slice(0, 4)}.png`);
      const exported = await web.api('images.save', { sha256: name, target: { kind: 'path', path: target } });
      expect(exported.reply, name).toMatchObject({ ok: false, error: { error: expect.stringMatching(/is damaged/) } });
      expect(existsSync(target)).toBe(false);
      cases += 2;
    }
    tally.add('security: no SVG/HTML served from the cache', { cases, faults: cases });
  });
});
