// The built renderer (out/renderer). A URL path never maps straight to a file: it is refused if it
// contains anything path-like (`..` raw or percent-encoded, backslashes, NUL, hidden names), then
// resolved under the root and checked to still be inside it after following links, and the file's
// extension must be one the renderer build produces.
import { promises as fsp } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { sendText } from './security-headers';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

export type StaticFile = { ok: true; path: string; contentType: string } | { ok: false; status: 400 | 404; message: string };

/** `rawPath` is the path of the URL exactly as received (still percent-encoded). */
export async function resolveStaticFile(root: string, rawPath: string): Promise<StaticFile> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, status: 400, message: 'bad URL encoding' };
  }
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const segments = relative.split('/');
  if (!decoded.startsWith('/') || decoded.includes('\\') || decoded.includes('\0') || segments.some((s) => s === '' || s.startsWith('.'))) {
    return { ok: false, status: 400, message: 'not a file of the editor' };
  }
  const contentType = CONTENT_TYPES[extname(relative).toLowerCase()];
  if (!contentType) return { ok: false, status: 404, message: 'not found' };
  const rootReal = await fsp.realpath(root).catch(() => undefined);
  if (!rootReal) return { ok: false, status: 404, message: 'the editor is not built: run `npm run web`, which builds it' };
  const candidate = resolve(rootReal, ...segments);
  if (!candidate.startsWith(rootReal + sep)) return { ok: false, status: 400, message: 'not a file of the editor' };
  const real = await fsp.realpath(candidate).catch(() => undefined);
  if (!real || !real.startsWith(rootReal + sep)) return { ok: false, status: 404, message: 'not found' };
  const info = await fsp.stat(real).catch(() => undefined);
  if (!info?.isFile()) return { ok: false, status: 404, message: 'not found' };
  return { ok: true, path: real, contentType };
}

export async function serveStatic(response: ServerResponse, root: string, rawPath: string): Promise<void> {
  const file = await resolveStaticFile(root, rawPath);
  if (!file.ok) return sendText(response, file.status, file.message);
  const bytes = await fsp.readFile(file.path);
  response.statusCode = 200;
  response.setHeader('Content-Type', file.contentType);
  response.setHeader('Content-Length', bytes.length);
  // index.html must be fetched again after a rebuild; hashed assets could be cached, but it is local.
  response.setHeader('Cache-Control', 'no-cache');
  response.end(bytes);
}
