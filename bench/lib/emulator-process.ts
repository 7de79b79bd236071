// The Replicate emulator in a child process of its own, as Replicate is another machine: its HTTP
// handling and image encoding do not share the event loop of the process being measured. Driven
// through its admin API (test/emulator/README.md): the request log, the predictions, the timing.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { PredictionJson, RequestLogEntry, Timing } from '../../test/emulator/index';

export const ROOT = join(__dirname, '..', '..');

export interface EmulatorProcess {
  baseUrl: string;
  origin: string;
  token: string;
  pid: number;
  clientOptions(): { auth: string; baseUrl: string; useFileOutput: false };
  /** Every request answered since the last reset (admin requests are never logged). */
  log(): Promise<RequestLogEntry[]>;
  resetLog(): Promise<void>;
  predictions(): Promise<PredictionJson[]>;
  setTiming(timing: Partial<Timing>): Promise<void>;
  close(): Promise<void>;
}

export async function startEmulatorProcess(timing: Timing, seed = 6): Promise<EmulatorProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'test', 'emulator', 'serve.ts'), '--queue-delay-ms', String(timing.queueDelayMs), '--predict-ms', String(timing.predictMs), '--seed', String(seed)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<{ baseUrl: string; token: string; origin: string; admin: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the emulator did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = /EMULATOR_READY (\{.*\})/.exec(output);
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line[1]!));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited (${code}):\n${output}`));
    });
  });
  const admin = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${ready.admin}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!response.ok) throw new Error(`emulator admin ${method} ${path}: HTTP ${response.status}`);
    return response.status === 204 ? undefined : response.json();
  };
  return {
    baseUrl: ready.baseUrl,
    origin: ready.origin,
    token: ready.token,
    pid: child.pid!,
    clientOptions: () => ({ auth: ready.token, baseUrl: ready.baseUrl, useFileOutput: false }),
    log: async () => (await admin('GET', '/log')) as RequestLogEntry[],
    resetLog: async () => void (await admin('DELETE', '/log')),
    predictions: async () => (await admin('GET', '/predictions')) as PredictionJson[],
    setTiming: async (t) => void (await admin('PUT', '/timing', t)),
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The requests a run made, by kind, from the emulator's log. */
export function countRequests(log: readonly RequestLogEntry[]): { total: number; creates: number; uploads: number; downloads: number; polls: number } {
  return {
    total: log.length,
    creates: log.filter((e) => e.route.endsWith('predictions.create') && e.status === 201).length,
    uploads: log.filter((e) => e.route === 'files.create' && e.status === 201).length,
    downloads: log.filter((e) => e.route === 'delivery.get' || e.route === 'files.download').length,
    polls: log.filter((e) => e.route === 'predictions.get').length,
  };
}
