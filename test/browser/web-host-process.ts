// The browser host (`src/web`) as a child process, as a user runs it, so a test can kill it outright
// (SIGKILL: no cleanup, like a crash) and start another on the same data folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './build-renderer';

export interface HostProcess {
  url: string;
  origin: string;
  child: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface HostOptions {
  dataDir: string;
  cacheDir: string;
  /** The Replicate emulator's API base (…/v1). */
  replicateBaseUrl: string;
  /** Set to start with a token in the environment; left out, the user enters one in Settings. */
  token?: string;
  /** Another entry than src/web/index.ts that starts the same host (the benchmarks serve their own build). */
  entry?: string;
  /** More environment for the host. */
  env?: Record<string, string>;
}

export async function startHostProcess(options: HostOptions): Promise<HostProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WEFT_DATA_DIR: options.dataDir,
    WEFT_CACHE_DIR: options.cacheDir,
    REPLICATE_BASE_URL: options.replicateBaseUrl,
    ...options.env,
  };
  delete env.REPLICATE_API_TOKEN;
  if (options.token) env.REPLICATE_API_TOKEN = options.token;
  // tsx as a loader inside this one process (not its CLI, which runs the script in a child): the pid we
  // kill must be the host's own, or a "killed" host lives on and still owns its recovery files.
  const child = spawn(process.execPath, ['--import', 'tsx', options.entry ?? join(ROOT, 'src', 'web', 'index.ts'), '--port', '0'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A test worker that ends without its afterAll (a timeout, an interrupted run) must not leave hosts behind.
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  void exited.then(() => process.off('exit', reap));
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
      reject(new Error(`the web host exited (${code}) before printing its URL:\n${output}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    child,
    output: () => output,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
