// Where the renderer lives. The app is served from a custom, privileged `app://weft` origin (never file://),
// so the renderer gets a real origin for CSP and same-origin checks, and no URL maps straight to a path.

export const APP_SCHEME = 'app';
export const APP_HOST = 'weft';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const RENDERER_ENTRY_URL = `${APP_ORIGIN}/index.html`;
/** Handed to the app service as `imageBase`: images are `${IMAGE_BASE}/<sha256>`. */
export const IMAGE_BASE = `${APP_ORIGIN}/images`;

/** Which page URLs count as our renderer: app://weft, plus the Vite dev server in development. */
export interface RendererOrigins {
  /** The electron-vite dev server (ELECTRON_RENDERER_URL), only when not packaged. */
  devServerUrl?: string | undefined;
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * True for URLs of our own renderer. Compared by scheme and host (Node's URL gives custom schemes an
 * opaque "null" origin, so `origin` cannot be used for app://).
 */
export function isRendererUrl(url: string, origins: RendererOrigins): boolean {
  const parsed = parse(url);
  if (!parsed || parsed.username || parsed.password) return false;
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true;
  return isDevServerUrl(url, origins);
}

export function isDevServerUrl(url: string, origins: RendererOrigins): boolean {
  if (!origins.devServerUrl) return false;
  const parsed = parse(url);
  const dev = parse(origins.devServerUrl);
  return !!parsed && !!dev && (dev.protocol === 'http:' || dev.protocol === 'https:') && parsed.origin === dev.origin;
}
