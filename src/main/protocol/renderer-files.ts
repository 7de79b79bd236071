// Maps an app://weft/<path> URL to a file of the built renderer, or refuses (checklist item 18). The
// URL is untrusted: every segment is decoded and checked on its own, the result is resolved and must stay
// inside the renderer folder, and then the real path (symlinks followed) must still be inside it.
import { promises as fsp } from 'node:fs';
import path from 'node:path';

/** Content types of the files Vite emits; anything else is not served. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

export type RendererFile = { found: true; filePath: string; contentType: string } | { found: false; reason: string };

/** Decoded path segments, or undefined when any of them could step outside a folder. */
export function safeSegments(pathname: string): string[] | undefined {
  const raw = pathname.startsWith('/') ? pathname.slice(1) : pathname;
  if (raw === '') return ['index.html'];
  const segments: string[] = [];
  for (const part of raw.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      return undefined; // malformed escape
    }
    // Empty (`//`), dot segments, and anything that is a separator or a drive/stream marker on some OS.
    if (decoded === '' || decoded === '.' || decoded === '..') return undefined;
    if (/[/\\:\0]/.test(decoded)) return undefined;
    segments.push(decoded);
  }
  return segments;
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

export async function resolveRendererFile(rendererRoot: string, pathname: string): Promise<RendererFile> {
  const segments = safeSegments(pathname);
  if (!segments) return { found: false, reason: 'unsafe path' };
  const root = path.resolve(rendererRoot);
  const lexical = path.resolve(root, ...segments);
  if (!isInside(root, lexical)) return { found: false, reason: 'outside the renderer folder' };
  const contentType = CONTENT_TYPES[path.extname(lexical).toLowerCase()];
  if (!contentType) return { found: false, reason: 'type not served' };
  try {
    // A symlink inside the folder may point anywhere: compare real paths too.
    const [realRoot, realFile] = await Promise.all([fsp.realpath(root), fsp.realpath(lexical)]);
    if (!isInside(realRoot, realFile)) return { found: false, reason: 'links outside the renderer folder' };
    const stat = await fsp.stat(realFile);
    if (!stat.isFile()) return { found: false, reason: 'not a file' };
    return { found: true, filePath: realFile, contentType };
  } catch {
    return { found: false, reason: 'no such file' };
  }
}
