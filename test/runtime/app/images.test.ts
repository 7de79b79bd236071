// Importing images into the cache (as the editor embeds them) and saving outputs to disk.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/temp-dir';
import { useServices } from './service-harness';

const png = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 200 } } }).png().toBuffer();

describe('images', () => {
  const services = useServices();
  const tempDir = useTempDirs();
  let server: Server;
  let origin = '';
  const served = new Map<string, { type: string; body: Buffer }>();
  beforeAll(async () => {
    server = createServer((request, response) => {
      const file = served.get(request.url ?? '');
      if (!file) return void response.writeHead(404).end();
      response.writeHead(200, { 'Content-Type': file.type }).end(file.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('imports dropped bytes into the cache and answers them base64 with their size', async () => {
    const s = services();
    const bytes = await png(40, 30);
    const imported = await s.call('images.import', { kind: 'bytes', base64: bytes.toString('base64'), name: 'drop.png' });
    if ('canceled' in imported) throw new Error('unexpected cancel');
    expect(imported).toMatchObject({ mediaType: 'image/png', width: 40, height: 30, size: bytes.length });
    expect(Buffer.from(imported.data, 'base64').equals(bytes)).toBe(true);
    const answer = await s.service.images.read(imported.sha256);
    expect(answer).toMatchObject({ kind: 'image', mediaType: 'image/png' });
  });

  it('refuses what is not an image, whatever its name, and what is too large', async () => {
    const s = services();
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    await expect(s.call('images.import', { kind: 'bytes', base64: svg.toString('base64'), name: 'cat.png' })).rejects.toThrow(/"cat.png" is not a PNG, JPEG, WebP or GIF/);
    const huge = 'A'.repeat(50 * 1024 * 1024);
    await expect(s.call('images.import', { kind: 'bytes', base64: huge })).rejects.toThrow(/MB; images up to 32 MB/);
    served.set('/page.png', { type: 'image/png', body: Buffer.from('<html>not an image</html>') });
    await expect(s.call('images.import', { kind: 'url', url: `${origin}/page.png` })).rejects.toThrow(/not a PNG/);
    await expect(s.call('images.import', { kind: 'url', url: `${origin}/missing.png` })).rejects.toThrow(/HTTP 404/);
  });

  it('imports from a URL, and turns a GIF into a PNG a workflow can embed', async () => {
    const s = services();
    const gif = await sharp({ create: { width: 8, height: 6, channels: 3, background: 'red' } }).gif().toBuffer();
    served.set('/anim.gif', { type: 'image/gif', body: gif });
    const imported = await s.call('images.import', { kind: 'url', url: `${origin}/anim.gif` });
    expect(imported).toMatchObject({ mediaType: 'image/png', width: 8, height: 6 });
  });

  it('imports a file chosen in a dialog, and saves a cached image where the user says', async () => {
    const folder = tempDir();
    const picked = join(folder, 'photo.png');
    writeFileSync(picked, await png(20, 20));
    const s = services({ hooks: { chooseImageToImport: async () => picked } });
    const imported = await s.call('images.import', { kind: 'dialog' });
    if ('canceled' in imported) throw new Error('unexpected cancel');

    const saved = await s.call('images.save', { sha256: imported.sha256, target: { kind: 'path', path: join(folder, 'copy') } });
    // An import was made by no run: saved as it is, and the answer says so (see image-provenance.test.ts).
    expect(saved).toEqual({ savedTo: join(folder, 'copy.png'), withoutWorkflow: { reason: 'no-source', message: expect.any(String) } });
    expect(readFileSync(join(folder, 'copy.png')).equals(readFileSync(picked))).toBe(true);

    await expect(s.call('images.save', { sha256: 'f'.repeat(64), target: { kind: 'path', path: join(folder, 'none.png') } })).rejects.toMatchObject({ code: 'not-found' });
    expect(existsSync(join(folder, 'none.png'))).toBe(false);
  });

  it('makes thumbnails smaller than the original and keeps them on disk', async () => {
    const s = services();
    const imported = await s.call('images.import', { kind: 'bytes', base64: (await png(1200, 800)).toString('base64') });
    if ('canceled' in imported) throw new Error('unexpected cancel');
    const thumb = await s.service.images.read(imported.sha256, 256);
    if (thumb.kind !== 'image') throw new Error(thumb.message);
    expect(thumb.mediaType).toBe('image/webp');
    expect(await sharp(thumb.bytes).metadata()).toMatchObject({ width: 256, height: 171 });
    expect(existsSync(join(s.cacheDir, 'thumbs', imported.sha256.slice(0, 2), `${imported.sha256}-256.webp`))).toBe(true);
    expect(await s.service.images.read(imported.sha256, 5000)).toMatchObject({ kind: 'refused', status: 400 });
    expect(await s.service.images.read('../../etc/passwd')).toMatchObject({ kind: 'refused', status: 400 });
  });
});
