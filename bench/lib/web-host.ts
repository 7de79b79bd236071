// The browser host (`src/web`) as a child process, as a user runs it (one node process, tsx as its
// loader), with its API, its event stream and its resident memory readable from here.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { startHostProcess } from '../../test/browser/web-host-process';
import { sseParser } from '../../test/web/http-client';
import { ROOT } from './emulator-process';

export interface WebHost {
  url: string;
  origin: string;
  secret: string;
  pid: number;
  /** Calls the app API; throws on an error reply. */
  call<T = unknown>(method: string, payload?: unknown): Promise<T>;
  /** Subscribes to the event stream; resolves once it is open. Returns the unsubscribe function. */
  events(listener: (event: { channel: string; event?: { type: string; runId?: string } }) => void): Promise<() => void>;
  rssBytes(): number;
  close(): Promise<void>;
}

export interface WebHostOptions {
  dataDir: string;
  cacheDir: string;
  replicateBaseUrl: string;
  token: string;
  /** Serve this renderer build (via lib/web-host-main.ts) instead of out/renderer (src/web/index.ts). */
  staticRoot?: string;
}

/** Resident set size of a process, from /proc (Linux). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = await startHostProcess({
    dataDir: options.dataDir,
    cacheDir: options.cacheDir,
    replicateBaseUrl: options.replicateBaseUrl,
    token: options.token,
    ...(options.staticRoot ? { entry: join(ROOT, 'bench', 'lib', 'web-host-main.ts'), env: { WEFT_BENCH_STATIC: options.staticRoot } } : {}),
  });
  const { url, child } = host;
  const parsed = new URL(url);
  const secret = parsed.searchParams.get('secret')!;
  const origin = parsed.origin;
  return {
    url,
    origin,
    secret,
    pid: child.pid!,
    async call<T>(method: string, payload: unknown = {}): Promise<T> {
      const response = await fetch(`${origin}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-weft-secret': secret }, body: JSON.stringify(payload) });
      const reply = (await response.json()) as { ok: true; value: T } | { ok: false; error: { code: string; error: string } };
      if (!reply.ok) throw new Error(`${method}: [${reply.error.code}] ${reply.error.error}`);
      return reply.value;
    },
    events(listener) {
      return new Promise((resolve, reject) => {
        const req = request(`${origin}/api/events`, { headers: { 'x-weft-secret': secret, accept: 'text/event-stream' } }, (res) => {
          if (res.statusCode !== 200) return reject(new Error(`event stream: HTTP ${res.statusCode}`));
          res.setEncoding('utf8');
          res.on('data', sseParser((data) => listener(JSON.parse(data))));
          resolve(() => req.destroy());
        });
        req.on('error', (error) => reject(error));
        req.end();
      });
    },
    rssBytes: () => rssOf(child.pid!),
    close: () => host.kill('SIGTERM'),
  };
}
