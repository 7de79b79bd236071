// GET /images/<sha256>[?thumb=<px>]: cached images by content hash, nothing else. The id must be exactly
// 64 lowercase hex characters as it appears in the raw URL (so no `..`, `%2e%2e`, slashes, backslashes or
// absolute paths can ever become part of a file path), and only PNG, JPEG and WebP bytes are served.
import type { ServerResponse } from 'node:http';
import type { ImageReader } from '../runtime/app/images/image-reader';
import { IMAGE_CONTENT_SECURITY_POLICY, sendText, setSecurityHeaders } from './security-headers';

const SHA256 = /^[0-9a-f]{64}$/;

export async function serveImage(response: ServerResponse, rawId: string, query: URLSearchParams, images: ImageReader): Promise<void> {
  if (!SHA256.test(rawId)) return sendText(response, 400, 'images are named by their sha256');
  const keys = [...query.keys()];
  if (keys.some((key) => key !== 'thumb') || query.getAll('thumb').length > 1) return sendText(response, 400, 'the only option is ?thumb=<size>');
  const thumbText = query.get('thumb');
  if (thumbText !== null && !/^\d{1,4}$/.test(thumbText)) return sendText(response, 400, 'thumb must be a whole number');
  const answer = await images.read(rawId, thumbText === null ? undefined : Number(thumbText));
  if (answer.kind === 'refused') return sendText(response, answer.status, answer.message);
  setSecurityHeaders(response, IMAGE_CONTENT_SECURITY_POLICY);
  response.statusCode = 200;
  response.setHeader('Content-Type', answer.mediaType);
  response.setHeader('Content-Length', answer.bytes.length);
  response.setHeader('Content-Disposition', 'inline');
  // A sha256 names the same bytes forever.
  response.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
  response.end(answer.bytes);
}
