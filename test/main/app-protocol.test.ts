// The app:// protocol: the built renderer with a containment check that no URL can get around, and
// cached images by sha256 only, PNG/JPEG/WebP only.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { createAppProtocolHandler } from '../../src/main/protocol/app-protocol';
import { registerAppScheme } from '../../src/main/protocol/register-scheme';
import { safeSegments } from '../../src/main/protocol/renderer-files';
import { CONTENT_SECURITY_POLICY } from '../../src/main/security/content-security-policy';
import { Cache } from '../../src/runtime/cache/cache';
import { blobPath } from '../../src/runtime/cache/layout';
import { sha256Hex } from '../../src/runtime/cache/hash';
import { ImageReader } from '../../src/runtime/app/images/image-reader';
import { protocol } from './fake-electron';
const SECRET = 'TOP-SECRET-OUTSIDE-THE-RENDERER';

let handler: (request: Request) => Promise<Response>;
let root: string;
let png: Buffer;
let pngSha: string;
let svgSha: string;
let gifSha: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'weft-protocol-'));
  const renderer = join(root, 'out', 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Weft</title>');
  writeFileSync(join(renderer, 'assets', 'index-abc.js'), 'console.log("weft")');
  writeFileSync(join(renderer, 'assets', 'notes.unknown'), 'not served');
  writeFileSync(join(root, 'out', 'secret.txt'), SECRET);
  writeFileSync(join(root, 'secret.js'), SECRET);
  symlinkSync(join(root, 'out', 'secret.txt'), join(renderer, 'assets', 'escape.js'));
  symlinkSync(join(root, 'out'), join(renderer, 'outside'));

  const cache = await Cache.open(join(root, 'cache'));
  png = await sharp({ create: { width: 640, height: 320, channels: 3, background: '#c04020' } }).png().toBuffer();
  pngSha = (await cache.blobs.putImage(png)).sha256;
  // A tampered cache: bytes that are not a servable image under a blob name.
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
  svgSha = sha256Hex(svg);
  mkdirSync(join(root, 'cache', 'blobs', svgSha.slice(0, 2)), { recursive: true });
  writeFileSync(blobPath(cache.layout, svgSha), svg);
  const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).gif().toBuffer();
  gifSha = (await cache.blobs.putImage(gif)).sha256;

  handler = createAppProtocolHandler({ rendererRoot: renderer, images: new ImageReader(async () => cache), log: () => {} });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

async function expectRefused(url: string) {
  const response = await get(url);
  const body = await response.text();
  expect(response.status, url).toBeGreaterThanOrEqual(400);
  expect(body).not.toContain(SECRET);
  return response;
}

describe('scheme', () => {
  it('is registered as standard and secure, with nothing that weakens CSP or CORS', () => {
    registerAppScheme();
    expect(protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });
});

describe('renderer files', () => {
  it('serves index.html at the root and by name, with CSP and nosniff', async () => {
    for (const url of ['app://weft/', 'app://weft/index.html']) {
      const response = await get(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toContain('<title>Weft</title>');
    }
  });

  it('serves assets with their type', async () => {
    const response = await get('app://weft/assets/index-abc.js');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log("weft")');
  });

  it('answers HEAD without a body', async () => {
    const response = await get('app://weft/index.html', 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it.each([
    'app://weft/../secret.txt',
    'app://weft/../../secret.js',
    'app://weft/assets/../../secret.txt',
    'app://weft/%2e%2e/secret.txt',
    'app://weft/%2E%2E/%2e%2e/secret.js',
    'app://weft/..%2fsecret.txt',
    'app://weft/assets%2f..%2f..%2fsecret.txt',
    'app://weft/%2e%2e%2f%2e%2e%2fsecret.js',
    'app://weft/%252e%252e/secret.txt',
    'app://weft/..\\secret.txt',
    'app://weft/assets\\..\\..\\secret.txt',
    'app://weft/..%5csecret.txt',
    'app://weft/%5c%5cserver%5cshare%5csecret.txt',
    'app://weft/\\\\server\\share\\secret.txt',
    'app://weft//etc/passwd',
    'app://weft/%2fetc%2fpasswd',
    `app://weft/${encodeURIComponent(join(process.cwd(), 'package.json'))}`,
    'app://weft/C:%5cWindows%5cwin.ini',
    'app://weft/C:/Windows/win.ini',
    'app://weft/index.html%00.js',
    'app://weft/%',
    'app://weft/assets/escape.js',
    'app://weft/outside/secret.txt',
    'app://weft/assets/notes.unknown',
    'app://weft/assets',
  ])('refuses %s', async (url) => {
    await expectRefused(url);
  });

  it('checks every segment on its own', () => {
    expect(safeSegments('/assets/a.js')).toEqual(['assets', 'a.js']);
    for (const bad of ['/..', '/a/%2e%2e/b', '/a%2fb', '/a%5cb', '/a\\b', '//x', '/a/./b', '/c:', '/%00', '/%zz']) {
      expect(safeSegments(bad), bad).toBeUndefined();
    }
  });

  it('refuses other hosts and writing methods', async () => {
    expect((await get('app://evil/index.html')).status).toBe(404);
    expect((await get('app://weft/index.html', 'POST')).status).toBe(405);
    expect((await get('app://weft/index.html', 'PUT')).status).toBe(405);
  });
});

describe('images', () => {
  it('serves a cached PNG by its sha256, immutable and nosniff', async () => {
    const response = await get(`app://weft/images/${pngSha}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
  });

  it('serves a downscaled thumbnail', async () => {
    const response = await get(`app://weft/images/${pngSha}?thumb=256`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([256, 128]);
  });

  it.each([
    'app://weft/images/not-a-sha',
    `app://weft/images/${'A'.repeat(64)}`,
    `app://weft/images/${'a'.repeat(63)}`,
    `app://weft/images/${'a'.repeat(65)}`,
    'app://weft/images/..%5cindex.html',
    `app://weft/images/${'a'.repeat(64)}.svg`,
    'app://weft/images/%2e%2e%2findex.html',
    'app://weft/images/..%2f..%2fsecret.txt',
    'app://weft/images/',
  ])('refuses the id in %s', async (url) => {
    await expectRefused(url);
  });

  it('answers 404 for a sha256 that is not cached', async () => {
    expect((await get(`app://weft/images/${'0'.repeat(64)}`)).status).toBe(404);
  });

  it('never serves SVG (or GIF), even when it sits in the cache under a sha256', async () => {
    for (const url of [`app://weft/images/${svgSha}`, `app://weft/images/${svgSha}?thumb=256`, `app://weft/images/${gifSha}`]) {
      const response = await get(url);
      expect(response.status, url).toBe(415);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await response.text()).not.toContain('<svg');
    }
  });

  it('refuses odd thumbnail requests', async () => {
    for (const query of ['thumb=0', 'thumb=99999', 'thumb=abc', 'thumb=256&x=1', 'size=256', 'thumb=-1', 'thumb=25.6']) {
      const response = await get(`app://weft/images/${pngSha}?${query}`);
      expect(response.status, query).toBe(400);
    }
  });
});
