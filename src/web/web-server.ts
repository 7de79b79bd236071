// The browser host's HTTP server: 127.0.0.1 only, every request checked by the guard (Host, Origin,
// secret), then routed: the printed URL's `?secret=` sets the cookie; /api/<method> and /api/events carry
// the app API; /images/<sha256> the cached images; everything else the built renderer.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ImageReader } from '../runtime/app/images/image-reader';
import { serveApiCall, type ApiDispatch } from './api-route';
import type { EventStreams } from './event-stream';
import { serveImage } from './image-route';
import { RequestGuard } from './request-guard';
import { sendText, setSecurityHeaders } from './security-headers';
import { serveStatic } from './static-route';

export const LOOPBACK = '127.0.0.1';

export interface WebServerOptions {
  /** 0 picks a free port. */
  port: number;
  secret: string;
  dispatch: ApiDispatch;
  events: EventStreams;
  images: ImageReader;
  /** The built renderer (out/renderer). */
  staticRoot: string;
  log: (message: string) => void;
}

export interface RunningWebServer {
  port: number;
  /** The URL to open, secret included. */
  url: string;
  close(): Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  let guard: RequestGuard | undefined;
  const server: Server = createServer((request, response) => {
    if (!guard) return sendText(response, 503, 'starting');
    route(request, response, guard, options).catch((error: unknown) => {
      options.log(`${request.method} ${request.url?.split('?')[0]} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!response.headersSent) sendText(response, 500, 'the host failed to answer; its log has details');
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, LOOPBACK, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  guard = new RequestGuard(port, options.secret);
  return {
    port,
    url: `http://${LOOPBACK}:${port}/?secret=${options.secret}`,
    async close() {
      options.events.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

async function route(request: IncomingMessage, response: ServerResponse, guard: RequestGuard, options: WebServerOptions): Promise<void> {
  setSecurityHeaders(response);
  const site = guard.checkSite(request);
  if (!site.ok) return sendText(response, 403, site.reason);

  const raw = request.url ?? '/';
  const queryAt = raw.indexOf('?');
  const rawPath = queryAt === -1 ? raw : raw.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? '' : raw.slice(queryAt + 1));

  // Opening the printed URL: the secret moves into a cookie, and out of the address bar and history.
  const urlSecret = query.get('secret');
  if (request.method === 'GET' && rawPath === '/' && urlSecret !== null) {
    if (!guard.matches(urlSecret)) return sendText(response, 403, 'this link is out of date: open the URL that `npm run web` printed last');
    response.statusCode = 303;
    response.setHeader('Set-Cookie', guard.secretCookie());
    response.setHeader('Location', '/');
    response.setHeader('Cache-Control', 'no-store');
    response.end();
    return;
  }
  if (!guard.hasSecret(request)) return sendText(response, 403, 'open the URL that `npm run web` printed (it carries the secret this host needs)');

  if (rawPath === '/api/events') {
    if (request.method !== 'GET') return sendText(response, 405, 'events are a GET stream');
    return options.events.open(request, response);
  }
  if (rawPath.startsWith('/api/')) return serveApiCall(request, response, rawPath.slice('/api/'.length), options.dispatch);
  if (request.method !== 'GET' && request.method !== 'HEAD') return sendText(response, 405, 'read-only');
  if (rawPath.startsWith('/images/')) return serveImage(response, rawPath.slice('/images/'.length), query, options.images);
  return serveStatic(response, options.staticRoot, rawPath);
}
