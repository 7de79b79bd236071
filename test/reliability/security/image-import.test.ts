// Every way an image enters Weft from outside - images.import from dropped bytes, a URL, the cache, and
// a workflow's image node naming a URL - refuses what is not an image (whatever its name or its first
// bytes claim), what is damaged, and what is too large (in bytes or in pixels); a refused import leaves
// nothing in the cache, and the host keeps answering.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../../nodes';
import { BlobStore } from '../../../src/runtime/cache/blobs';
import { compileWorkflow } from '../../../src/runtime/compile-workflow';
import { ImagePreparer } from '../../../src/runtime/images/image-preparer';
import { workflow } from '../../helpers/build-workflow';
import { goodPng, notImages } from '../support/bad-images';
import { auditCache } from '../support/cache-audit';
import { useTally } from '../support/tally';
import { startHost, type HostUnderTest } from '../support/web-host';

const MB = 1024 * 1024;

describe('images from outside', () => {
  const tally = useTally(__filename);
  let root: string;
  let web: HostUnderTest;
  let server: Server;
  let origin: string;
  const bodies = new Map<string, { type: string; bytes?: Buffer; endless?: boolean; lyingLength?: number; redirect?: string }>();
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'weft-rel-import-'));
    web = await startHost(join(root, 'host'));
    server = createServer((request, response) => {
      const body = bodies.get(request.url ?? '');
      if (!body) return response.writeHead(404).end();
      if (body.redirect) return response.writeHead(302, { Location: body.redirect }).end();
      if (body.endless) {
        response.writeHead(200, { 'Content-Type': body.type });
        const chunk = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(MB)]);
        const pump = () => {
          while (response.write(chunk)) if (response.destroyed) return;
        };
        response.on('drain', pump);
        response.on('close', () => response.off('drain', pump));
        return pump();
      }
      response.writeHead(200, { 'Content-Type': body.type, ...(body.lyingLength ? { 'Content-Length': String(body.lyingLength) } : {}) });
      response.end(body.bytes);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    await web.host.close();
    rmSync(root, { recursive: true, force: true });
  });

  const importBytes = (bytes: Buffer, name = 'dropped.png') => web.api('images.import', { kind: 'bytes', base64: bytes.toString('base64'), name });

  it('refuses dropped bytes that are not an image, or a damaged or gigantic one', async () => {
    const cases = await notImages();
    for (const [what, bytes, why] of cases) {
      const { status, reply } = await importBytes(bytes);
      expect(status, what).toBe(200);
      expect(reply, what).toMatchObject({ ok: false, error: { code: 'bad-request', error: expect.stringMatching(why) } });
    }
    expect(auditCache(web.cacheDir).blobs).toBe(0);
    expect((await importBytes(await goodPng())).reply.ok).toBe(true);
    tally.add('security: image import refuses non-images and oversize', { cases: cases.length + 1, faults: cases.length });
  });

  it('refuses more than 32 MB without decoding it', async () => {
    const big = Buffer.concat([await goodPng(), Buffer.alloc(33 * MB)]);
    const { reply } = await importBytes(big, 'huge.png');
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad-request', error: expect.stringMatching(/"huge\.png" is 33(\.\d)? MB; images up to 32 MB can be imported/) } });
    tally.add('security: image import refuses non-images and oversize', { cases: 1, faults: 1 });
  });

  it('refuses URLs that serve HTML, lie about their size, never end, or redirect off the web', async () => {
    const png = await goodPng();
    bodies.set('/html.png', { type: 'image/png', bytes: Buffer.from('<html><script>alert(1)</script></html>') });
    bodies.set('/svg', { type: 'image/svg+xml', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
    bodies.set('/lying', { type: 'image/png', bytes: png, lyingLength: 64 * MB });
    bodies.set('/endless', { type: 'image/png', endless: true });
    bodies.set('/to-file', { type: 'text/plain', redirect: 'file:///etc/passwd' });
    bodies.set('/ok.png', { type: 'image/png', bytes: png });
    const cases: [string, RegExp][] = [
      ['/html.png', /not a PNG, JPEG, WebP or GIF/],
      ['/svg', /not a PNG, JPEG, WebP or GIF/],
      ['/lying', /64 MB; images up to 32 MB/],
      ['/endless', /images up to 32 MB/],
      ['/to-file', /cannot download/],
      ['/missing', /answered HTTP 404/],
    ];
    for (const [path, why] of cases) {
      const { reply } = await web.api('images.import', { kind: 'url', url: `${origin}${path}` });
      expect(reply, path).toMatchObject({ ok: false, error: { error: expect.stringMatching(why) } });
    }
    for (const url of ['file:///etc/passwd', 'ftp://example.com/x.png', 'data:image/svg+xml,<svg/>', 'javascript:alert(1)']) {
      const { reply } = await web.api('images.import', { kind: 'url', url });
      expect(reply.ok, url).toBe(false);
    }
    expect((await web.api('images.import', { kind: 'url', url: `${origin}/ok.png` })).reply.ok).toBe(true);
    expect((await web.api('app.info', {})).reply.ok).toBe(true);
    tally.add('security: image import refuses non-images and oversize', { cases: cases.length + 5, faults: cases.length + 4 });
  });

  it('a workflow image node naming a URL: the same limits, and only https is ever fetched', async () => {
    bodies.set('/endless-node', { type: 'image/png', endless: true });
    let fetched: string[] = [];
    const onlyLocal: typeof fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      fetched.push(url);
      return fetch(url.replace(/^https:\/\/weft\.test/, origin), init);
    };
    const images = new ImagePreparer(new BlobStore(join(root, 'node-cache')), { fetch: onlyLocal, maxBytes: 8 * MB });
    const compileWith = (url: string) =>
      compileWorkflow(workflow({ photo: ['image', { url }], p: ['prompt', { text: 'x' }], s: ['sampler', { prompt_strength: 0.8 }] }, ['photo.image>s.image', 'p.prompt>s.prompt']), { catalog, images, baseDir: undefined, randomSeed: () => 1 });

    const endless = await compileWith('https://weft.test/endless-node');
    expect(endless.diagnostics).toContainEqual(expect.objectContaining({ node: 'photo', severity: 'error', message: expect.stringMatching(/8 MB/) }));
    fetched = [];
    const plain = await compileWith(`${origin}/ok.png`);
    expect(plain.diagnostics).toContainEqual(expect.objectContaining({ node: 'photo', code: 'url-invalid' }));
    expect(fetched).toEqual([]);
    tally.add('security: image import refuses non-images and oversize', { cases: 2, faults: 2 });
  });
});
