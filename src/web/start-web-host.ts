// Browser mode, assembled: the app service with browser-mode hooks (no native dialogs, paths typed by
// the user accepted, the token from the environment or memory), the API handler, the event streams and
// the HTTP server. `index.ts` calls this with the process's environment; tests call it with temp folders.
import { randomBytes } from 'node:crypto';
import { createApiHandler, type ApiImplementation } from '../api/handler';
import { createAppService, type AppService } from '../runtime/app/service';
import { EventStreams } from './event-stream';
import { BrowserTokenStore } from './token-store';
import { startWebServer } from './web-server';

export interface WebHostOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  cacheDir: string;
  dataDir: string;
  examplesDir: string;
  /** The built renderer (out/renderer). */
  staticRoot: string;
  appVersion: string;
  env: Readonly<Record<string, string | undefined>>;
  fetch?: typeof fetch;
  log?: (message: string) => void;
}

export interface WebHost {
  url: string;
  port: number;
  /** The secret of this start (what the URL and the cookie carry). */
  secret: string;
  service: AppService;
  close(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const log = options.log ?? ((message: string) => console.error(`[weft web] ${message}`));
  const secret = randomBytes(24).toString('base64url');
  const events = new EventStreams(log);
  const service = createAppService({
    host: 'web',
    appVersion: options.appVersion,
    platform: process.platform,
    imageBase: '/images',
    cacheDir: options.cacheDir,
    dataDir: options.dataDir,
    examplesDir: options.examplesDir,
    env: options.env,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    hooks: {
      acceptsPathsFromRenderer: true,
      tokenStore: new BrowserTokenStore(options.env),
      emit: (event) => events.broadcast(event),
      log,
    },
  });
  const implementation: ApiImplementation = service;
  const dispatch = createApiHandler(implementation, log);
  const server = await startWebServer({ port: options.port ?? 0, secret, dispatch, events, images: service.images, staticRoot: options.staticRoot, log });
  return {
    url: server.url,
    port: server.port,
    secret,
    service,
    async close() {
      await server.close();
      await service.close();
    },
  };
}
