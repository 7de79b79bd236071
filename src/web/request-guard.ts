// Who may talk to the browser host. It spends the user's Replicate credits and writes files, so:
//   - the Host header must name this server (127.0.0.1:<port> or localhost:<port>): a page on a
//     rebinding domain (evil.example resolving to 127.0.0.1) sends its own name and is refused;
//   - the Origin, when the browser sends one, must be this server's: other pages' fetches are refused;
//   - every request carries the secret printed at start, as the weft_secret cookie (set when the printed
//     URL is opened) or the X-Weft-Secret header.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SECRET_COOKIE = 'weft_secret';
export const SECRET_HEADER = 'x-weft-secret';

export type GuardVerdict = { ok: true } | { ok: false; reason: string };

export class RequestGuard {
  constructor(
    private readonly port: number,
    private readonly secret: string,
  ) {}

  get allowedHosts(): string[] {
    return [`127.0.0.1:${this.port}`, `localhost:${this.port}`];
  }

  get allowedOrigins(): string[] {
    return this.allowedHosts.map((host) => `http://${host}`);
  }

  /** Host and Origin only: what is checked before even the secret. */
  checkSite(request: IncomingMessage): GuardVerdict {
    const host = request.headers.host?.toLowerCase();
    if (!host || !this.allowedHosts.includes(host)) return { ok: false, reason: 'this server answers only to 127.0.0.1 and localhost on its own port' };
    const origin = request.headers.origin;
    if (origin !== undefined && !this.allowedOrigins.includes(origin.toLowerCase())) return { ok: false, reason: 'requests from other sites are refused' };
    if (request.headers['sec-fetch-site'] === 'cross-site') return { ok: false, reason: 'requests from other sites are refused' };
    return { ok: true };
  }

  hasSecret(request: IncomingMessage): boolean {
    const header = request.headers[SECRET_HEADER];
    if (typeof header === 'string' && this.matches(header)) return true;
    const cookie = cookieValue(request.headers.cookie, SECRET_COOKIE);
    return cookie !== undefined && this.matches(cookie);
  }

  /** Constant-time, so the secret cannot be guessed a character at a time from response times. */
  matches(candidate: string): boolean {
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.secret);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  secretCookie(): string {
    return `${SECRET_COOKIE}=${this.secret}; Path=/; HttpOnly; SameSite=Strict`;
  }
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index === -1) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}
