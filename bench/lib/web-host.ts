// The browser host (`src/web`) as a child process, as a user runs it (one node process, tsx as its
// loader), with its API, its event stream and its resident memory readable from here.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
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
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WEFT_DATA_DIR: options.dataDir,
    WEFT_CACHE_DIR: options.cacheDir,
    REPLICATE_BASE_URL: options.replicateBaseUrl,
    REPLICATE_API_TOKEN: options.token,
    ...(options.staticRoot ? { WEFT_BENCH_STATIC: options.staticRoot } : {}),
  };
  const entry = options.staticRoot ? join(ROOT, 'bench', 'lib', 'web-host-main.ts') : join(ROOT, 'src', 'web', 'index.ts');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry, '--port', '0'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the web host printed no URL within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?secret=[\w-]+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the web host exited (${code}):\n${output}`));
    });
  });
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
          let buffer = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            let end: number;
            while ((end = buffer.indexOf('\n\n')) !== -1) {
              const message = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const data = message.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
              if (data) listener(JSON.parse(data));
            }
          });
          resolve(() => req.destroy());
        });
        req.on('error', (error) => reject(error));
        req.end();
      });
    },
    rssBytes: () => rssOf(child.pid!),
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
