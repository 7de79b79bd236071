// The browser host over real HTTP: who may talk to it, what it serves, and how.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../src/web/start-web-host';
import { startEmulator, type Emulator } from '../emulator/index';
import { EXAMPLES_DIR } from '../helpers/temp-dir';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { rawRequest, readEvents } from './http-client';

const OUTSIDE_SECRET = 'this file is outside the renderer folder';

describe('the browser host', () => {
  let emulator: Emulator;
  let host: WebHost;
  let root: string;
  beforeAll(async () => {
    emulator = await startEmulator({ timing: { queueDelayMs: 2, predictMs: 15 } });
    root = mkdtempSync(join(tmpdir(), 'weft-web-'));
    const staticRoot = join(root, 'renderer');
    mkdirSync(join(staticRoot, 'assets'), { recursive: true });
    writeFileSync(join(staticRoot, 'index.html'), '<!doctype html><title>Weft</title><script type="module" src="/assets/app.js"></script>');
    writeFileSync(join(staticRoot, 'assets', 'app.js'), 'console.log("weft")');
    writeFileSync(join(root, 'secret.txt'), OUTSIDE_SECRET);
    symlinkSync(join(root, 'secret.txt'), join(staticRoot, 'assets', 'link.js'));
    host = await startWebHost({
      cacheDir: join(root, 'cache'),
      dataDir: join(root, 'data'),
      examplesDir: EXAMPLES_DIR,
      staticRoot,
      appVersion: '0.0.0-test',
      env: { REPLICATE_BASE_URL: emulator.baseUrl, REPLICATE_API_TOKEN: emulator.token },
      log: () => {},
    });
  });
  afterAll(async () => {
    await host.close();
    await emulator.close();
    rmSync(root, { recursive: true, force: true });
  });

  const withSecret = () => ({ 'X-Weft-Secret': host.secret });
  const api = (method: string, body: unknown, headers: Record<string, string> = withSecret()) =>
    rawRequest(host.port, { method: 'POST', path: `/api/${method}`, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  async function importPng(width: number, height: number, format: 'png' | 'webp' = 'png'): Promise<string> {
    const bytes = await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } })[format]().toBuffer();
    const answer = await api('images.import', { kind: 'bytes', base64: bytes.toString('base64') });
    return JSON.parse(answer.text).value.sha256;
  }

  it('prints a 127.0.0.1 URL carrying the secret', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?secret=${host.secret}`);
    expect(host.secret.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses every route without the secret', async () => {
    for (const path of ['/', '/assets/app.js', '/api/events', `/images/${'a'.repeat(64)}`]) {
      expect((await rawRequest(host.port, { path })).status).toBe(403);
    }
    expect((await api('app.info', {}, {})).status).toBe(403);
    expect((await api('app.info', {}, { 'X-Weft-Secret': 'wrong' })).status).toBe(403);
    expect((await rawRequest(host.port, { path: '/?secret=wrong' })).status).toBe(403);
  });

  it('turns the URL secret into an HttpOnly, SameSite=Strict cookie that is then accepted', async () => {
    const opened = await rawRequest(host.port, { path: `/?secret=${host.secret}` });
    expect(opened.status).toBe(303);
    expect(opened.headers.location).toBe('/');
    const cookie = String(opened.headers['set-cookie']);
    expect(cookie).toMatch(/^weft_secret=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
    const page = await rawRequest(host.port, { path: '/', headers: { Cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Weft</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'; script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const call = await api('app.info', {}, { Cookie: cookie.split(';')[0]! });
    expect(JSON.parse(call.text)).toMatchObject({ ok: true, value: { host: 'web', imageBase: '/images' } });
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin, even with the secret', async () => {
    const rebinding = await rawRequest(host.port, { path: '/', headers: { ...withSecret(), Host: `evil.example:${host.port}` } });
    expect(rebinding.status).toBe(403);
    expect((await rawRequest(host.port, { path: '/', headers: { ...withSecret(), Host: `127.0.0.1:${host.port + 1}` } })).status).toBe(403);
    expect((await api('app.info', {}, { ...withSecret(), Origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('app.info', {}, { ...withSecret(), Origin: `http://localhost:${host.port + 1}` })).status).toBe(403);
    expect((await api('app.info', {}, { ...withSecret(), Origin: 'null' })).status).toBe(403);
    // Its own names are fine.
    expect((await api('app.info', {}, { ...withSecret(), Origin: `http://127.0.0.1:${host.port}` })).status).toBe(200);
    expect((await api('app.info', {}, { ...withSecret(), Host: `localhost:${host.port}`, Origin: `http://localhost:${host.port}` })).status).toBe(200);
  });

  it('answers API calls as ApiReply envelopes and refuses bodies that are not JSON', async () => {
    expect(JSON.parse((await api('workflow.examples', {})).text).value.examples.length).toBeGreaterThan(0);
    const unknown = await api('nothing.here', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const invalid = await api('workflow.open', { kind: 'nonsense' });
    expect(JSON.parse(invalid.text)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const form = await rawRequest(host.port, { method: 'POST', path: '/api/app.info', headers: { ...withSecret(), 'Content-Type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    const token = JSON.parse((await api('token.status', {})).text).value;
    expect(token).toEqual({ configured: true, storage: 'environment' });
  });

  it('keeps a token set in the browser in memory only, and says so', async () => {
    const value = async (method: string, body: unknown = {}) => JSON.parse((await api(method, body)).text).value;
    expect(await value('token.clear')).toMatchObject({ configured: false, storage: 'none', warning: expect.stringContaining('memory only') });
    expect(await value('token.set', { token: 'r8_wrong' })).toMatchObject({ ok: false });
    expect(await value('token.set', { token: emulator.token })).toEqual({ ok: true, account: 'weft-test' });
    expect(await value('token.status')).toMatchObject({ configured: true, storage: 'memory', warning: expect.stringContaining('memory only') });
  });

  it('delivers run events over Server-Sent Events, ending in run-finished', async () => {
    const opened = JSON.parse((await api('workflow.open', { kind: 'example', id: 'text-to-image-then-img2img' })).text).value.document;
    let runId = '';
    const events = await readEvents(host.port, withSecret(), (e) => e.channel === 'run' && e.event.type === 'run-finished' && e.event.runId === runId, () => {
      void api('run.start', { documentId: opened.documentId, workflow: opened.workflow }).then((answer) => (runId = JSON.parse(answer.text).value.runId));
    });
    const mine = events.filter((e) => e.event.runId === runId).map((e) => e.event.type);
    expect(mine[0]).toBe('run-started');
    expect(mine).toContain('call-succeeded');
    expect(events.at(-1).event).toMatchObject({ type: 'run-finished', status: 'succeeded' });
  });

  it('serves cached PNG and WebP images with their type and nosniff, and smaller thumbnails', async () => {
    const pngSha = await importPng(900, 600);
    const original = await rawRequest(host.port, { path: `/images/${pngSha}`, headers: withSecret() });
    expect(original.status).toBe(200);
    expect(original.headers['content-type']).toBe('image/png');
    expect(original.headers['x-content-type-options']).toBe('nosniff');
    expect(original.headers['content-security-policy']).toContain('sandbox');
    const thumb = await rawRequest(host.port, { path: `/images/${pngSha}?thumb=256`, headers: withSecret() });
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const thumbSize = await sharp(thumb.body).metadata();
    expect(Math.max(thumbSize.width!, thumbSize.height!)).toBe(256);
    expect(thumb.body.length).toBeLessThan(original.body.length);

    const webpSha = await importPng(64, 64, 'webp');
    const webp = await rawRequest(host.port, { path: `/images/${webpSha}`, headers: withSecret() });
    expect(webp.headers['content-type']).toBe('image/webp');
  });

  it('never serves SVG or HTML from the image route, even if such bytes sit in the cache', async () => {
    const sha = 'c'.repeat(64);
    mkdirSync(join(root, 'cache', 'blobs', 'cc'), { recursive: true });
    writeFileSync(join(root, 'cache', 'blobs', 'cc', sha), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const answer = await rawRequest(host.port, { path: `/images/${sha}`, headers: withSecret() });
    expect(answer.status).toBe(415);
    expect(answer.headers['content-type']).toMatch(/^text\/plain/);
    expect(answer.text).not.toContain('<svg');
  });

  it('refuses image ids that are not a sha256: traversal, encodings, absolute paths, backslashes', async () => {
    const sha = await importPng(10, 10);
    const attempts = [
      '/images/../package.json',
      '/images/..%2f..%2fpackage.json',
      '/images/%2e%2e/%2e%2e/package.json',
      '/images/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/images//etc/passwd',
      '/images/%2fetc%2fpasswd',
      '/images/..\\..\\secret.txt',
      `/images/${sha.toUpperCase()}`,
      `/images/${sha}.png`,
      `/images/${sha}/`,
      `/images/${sha.slice(0, 63)}`,
      `/images/${sha}?thumb=../../x`,
      `/images/${sha}?thumb=99999`,
    ];
    for (const path of attempts) {
      const answer = await rawRequest(host.port, { path, headers: withSecret() });
      expect([400, 404], path).toContain(answer.status);
      expect(answer.text).not.toContain(OUTSIDE_SECRET);
    }
  });

  it('serves the renderer and refuses anything that tries to leave its folder', async () => {
    const script = await rawRequest(host.port, { path: '/assets/app.js', headers: withSecret() });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/assets\\..\\..\\secret.txt',
      '//etc/passwd',
      `/${encodeURIComponent(join(root, 'secret.txt'))}`,
      '/assets/link.js',
      '/.env',
      '/%00index.html',
      '/%E0%A4%A',
    ];
    for (const path of attempts) {
      const answer = await rawRequest(host.port, { path, headers: withSecret() });
      expect([400, 404], path).toContain(answer.status);
      expect(answer.text).not.toContain(OUTSIDE_SECRET);
    }
  });
});
