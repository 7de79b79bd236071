// app://weft/images/<sha256>[?thumb=<px>]: cached images by content hash only (checklist item 18). The
// id must be a lowercase sha256, so it can only ever name a blob. The runtime's ImageReader finds the
// bytes and makes thumbnails; this route re-checks what it is given (defence in depth: the bytes are
// sniffed again here) and serves only PNG, JPEG and WebP, never SVG, HTML or anything a browser might run.
import { sniffImageType } from '../../runtime/cache/media-type';
import type { ImageAnswer } from '../../runtime/app/images/image-reader';
import { bytesResponse, refusal } from './responses';

const SHA256 = /^[0-9a-f]{64}$/;
const SERVED_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/webp']);

/** Where images come from: the service's ImageReader (it follows the cache folder chosen in settings). */
export interface ImageSource {
  read(sha256: string, thumb?: number): Promise<ImageAnswer>;
}

/** Immutable: a sha256 names the same bytes forever. */
const CACHE_HEADERS = { 'Cache-Control': 'private, max-age=31536000, immutable', 'Cross-Origin-Resource-Policy': 'same-origin' };

/** undefined: no thumbnail asked; null: a malformed query. */
function thumbParameter(url: URL): number | undefined | null {
  const keys = [...url.searchParams.keys()];
  if (keys.length === 0) return undefined;
  if (keys.length !== 1 || keys[0] !== 'thumb') return null;
  const value = url.searchParams.get('thumb') ?? '';
  return /^\d{1,4}$/.test(value) ? Number(value) : null;
}

export function createImageRoute(source: ImageSource, log: (message: string) => void) {
  return async function serveImage(request: Request, url: URL, id: string): Promise<Response> {
    if (!SHA256.test(id)) return refusal(404, 'images are named by their sha256');
    const thumb = thumbParameter(url);
    if (thumb === null) return refusal(400, 'the only query an image takes is ?thumb=<pixels>');
    let answer: ImageAnswer;
    try {
      answer = await source.read(id, thumb);
    } catch (error) {
      log(`cannot serve image ${id}: ${String(error)}`);
      return refusal(500, 'the image could not be read');
    }
    if (answer.kind === 'refused') return refusal(answer.status, answer.message);
    const sniffed = sniffImageType(answer.bytes);
    if (!sniffed || !SERVED_TYPES.has(sniffed)) return refusal(415, 'only PNG, JPEG and WebP images are served');
    return bytesResponse(request, answer.bytes, sniffed, CACHE_HEADERS);
  };
}
