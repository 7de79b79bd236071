// The handler behind protocol.handle('app', ...): the built renderer at app://weft/<file> and cached
// images at app://weft/images/<sha256>. Anything else (another host, another method) is refused.
import { promises as fsp } from 'node:fs';
import { APP_HOST, APP_SCHEME } from '../app-origin';
import { createImageRoute, type ImageSource } from './images';
import { resolveRendererFile } from './renderer-files';
import { bytesResponse, refusal } from './responses';

export interface AppProtocolOptions {
  /** The built renderer (out/renderer). */
  rendererRoot: string;
  images: ImageSource;
  log: (message: string) => void;
}

const IMAGES_PREFIX = '/images/';

export function createAppProtocolHandler({ rendererRoot, images, log }: AppProtocolOptions) {
  const serveImage = createImageRoute(images, log);
  return async function handleAppRequest(request: Request): Promise<Response> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refusal(400, 'bad URL');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password) return refusal(404, 'unknown host');
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'read-only');
    if (url.pathname.startsWith(IMAGES_PREFIX)) return serveImage(request, url, url.pathname.slice(IMAGES_PREFIX.length));
    const file = await resolveRendererFile(rendererRoot, url.pathname);
    if (!file.found) return refusal(404, 'not found');
    try {
      return bytesResponse(request, await fsp.readFile(file.filePath), file.contentType, { 'Cache-Control': 'no-cache' });
    } catch (error) {
      log(`cannot read ${file.filePath}: ${String(error)}`);
      return refusal(404, 'not found');
    }
  };
}
