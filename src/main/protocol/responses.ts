// Every answer of the app:// protocol carries the CSP and nosniff: a file that is not what its type
// says can never be reinterpreted as a page or a script.
import { CONTENT_SECURITY_POLICY } from '../security/content-security-policy';

export function protocolHeaders(contentType: string, extra: Record<string, string> = {}): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    ...extra,
  });
}

export function refusal(status: number, message: string): Response {
  return new Response(message, { status, headers: protocolHeaders('text/plain; charset=utf-8', { 'Cache-Control': 'no-store' }) });
}

export function bytesResponse(request: Request, bytes: Uint8Array, contentType: string, extra: Record<string, string> = {}): Response {
  const headers = protocolHeaders(contentType, { 'Content-Length': String(bytes.length), ...extra });
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(bytes), { status: 200, headers });
}
