// A service per test, on fresh temp folders, called through the real API handler, so every request and
// every answer is checked against the contract's schemas exactly as the hosts check them.
import { afterEach } from 'vitest';
import { createApiHandler, type ApiImplementation } from '../../../src/api/handler';
import type { ApiMethod, ApiRequest, ApiResponse } from '../../../src/api/contract';
import { createAppService, type AppService } from '../../../src/runtime/app/service';
import type { HostHooks, TokenStorage, TokenStore } from '../../../src/runtime/app/host-hooks';
import { EXAMPLES_DIR, useTempDirs } from '../../helpers/temp-dir';

export class MemoryTokenStore implements TokenStore {
  constructor(private token?: string) {}
  async get() {
    return this.token;
  }
  async set(token: string) {
    this.token = token;
  }
  async clear() {
    this.token = undefined;
  }
  storage(): TokenStorage {
    return this.token ? 'memory' : 'none';
  }
  warning() {
    return undefined;
  }
}

export class CallFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export interface ServiceUnderTest {
  service: AppService;
  dataDir: string;
  cacheDir: string;
  /** Everything the service pushed through hooks.emit. */
  events: unknown[];
  logs: string[];
  tokens: MemoryTokenStore;
  call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiResponse<M>>;
}

export interface ServiceOptions {
  dataDir?: string;
  cacheDir?: string;
  env?: Record<string, string | undefined>;
  token?: string;
  hooks?: Partial<HostHooks>;
}

export function useServices(): (options?: ServiceOptions) => ServiceUnderTest {
  const tempDir = useTempDirs();
  const open: AppService[] = [];
  afterEach(async () => {
    for (const service of open.splice(0)) await service.close();
  });
  return (options = {}) => {
    const dataDir = options.dataDir ?? tempDir();
    const cacheDir = options.cacheDir ?? tempDir();
    const events: unknown[] = [];
    const logs: string[] = [];
    const tokens = new MemoryTokenStore(options.token);
    const service = createAppService({
      host: 'web',
      appVersion: '0.0.0-test',
      platform: process.platform,
      imageBase: '/images',
      cacheDir,
      dataDir,
      examplesDir: EXAMPLES_DIR,
      env: options.env ?? {},
      hooks: { acceptsPathsFromRenderer: true, tokenStore: tokens, emit: (event) => events.push(event), log: (message) => logs.push(message), ...options.hooks },
    });
    open.push(service);
    const implementation: ApiImplementation = service;
    const handle = createApiHandler(implementation, (message) => logs.push(message));
    return {
      service,
      dataDir,
      cacheDir,
      events,
      logs,
      tokens,
      async call(method, request) {
        const reply = await handle(method, request);
        if (!reply.ok) throw new CallFailed(reply.error.code, reply.error.error);
        return reply.value as never;
      },
    };
  };
}

/** Resolves with the first emitted event that matches, checking what was already emitted first. */
export async function eventMatching(s: ServiceUnderTest, match: (event: any) => boolean): Promise<any> {
  for (;;) {
    const found = s.events.find(match);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function runEvents(s: ServiceUnderTest, runId: string): any[] {
  return s.events.filter((e: any) => e.channel === 'run' && e.event.runId === runId).map((e: any) => e.event);
}

export async function runFinished(s: ServiceUnderTest, runId: string): Promise<any> {
  return (await eventMatching(s, (e) => e.channel === 'run' && e.event.runId === runId && e.event.type === 'run-finished')).event;
}

/** Emulator timing for service tests: predictions that finish in a few tens of milliseconds. */
export const FAST_TIMING = { queueDelayMs: 2, predictMs: 15 };

/** Waits until `check` holds (files the service writes in the background). */
export async function eventually(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}
