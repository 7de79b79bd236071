// The emulator in its own process (`test/emulator/serve.ts`), driven through its admin API, so the soak
// measures the memory of Weft alone.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { FaultInput } from '../../emulator/index';

const ROOT = resolve(__dirname, '..', '..', '..');

export interface EmulatorProcess {
  baseUrl: string;
  token: string;
  admin: string;
  addFault(fault: FaultInput): Promise<void>;
  /** How often each active fault struck, by kind. */
  faultsApplied(): Promise<Record<string, number>>;
  clearLog(): Promise<void>;
  stop(): Promise<void>;
}

export function startEmulatorProcess(options: { seed: number; queueDelayMs: number; predictMs: number }): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/emulator/serve.ts', '--port', '0', '--seed', String(options.seed), '--queue-delay-ms', String(options.queueDelayMs), '--predict-ms', String(options.predictMs)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  return new Promise((ready, fail) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`the emulator did not start: ${output}`)), 30_000);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = /EMULATOR_READY (\{.*\})/.exec(output)?.[1];
      if (!line) return;
      clearTimeout(timer);
      const info = JSON.parse(line) as { baseUrl: string; token: string; admin: string };
      const admin = (path: string, init?: RequestInit) => fetch(`${info.admin}${path}`, init);
      ready({
        ...info,
        async addFault(fault) {
          const answer = await admin('/faults', { method: 'POST', body: JSON.stringify(fault) });
          if (answer.status !== 201) throw new Error(`the emulator refused the fault ${JSON.stringify(fault)}: ${await answer.text()}`);
        },
        async faultsApplied() {
          const faults = (await (await admin('/faults')).json()) as { spec: { kind: string }; applied: number }[];
          const byKind: Record<string, number> = {};
          for (const fault of faults) byKind[fault.spec.kind] = (byKind[fault.spec.kind] ?? 0) + fault.applied;
          return byKind;
        },
        async clearLog() {
          await admin('/log', { method: 'DELETE' });
        },
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
    void exited.then(() => fail(new Error(`the emulator exited: ${output}`)));
  });
}
