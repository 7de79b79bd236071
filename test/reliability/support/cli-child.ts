// `weft run --json` in a real child process (via tsx), whose events the test watches as they come, to
// SIGKILL it at a chosen moment - the way a crash, a power cut or `kill -9` ends a run.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { RunEvent } from '../../../src/runtime/runner/events';

const ROOT = resolve(__dirname, '..', '..', '..');

export interface CliChild {
  events: RunEvent[];
  output(): string;
  /** Resolves once an event matching `test` has been printed (rejects if the child ends first). */
  until(test: (event: RunEvent, events: readonly RunEvent[]) => boolean): Promise<void>;
  /** SIGKILL; resolves with the signal the child died of (null if it had already exited by itself). */
  kill(): Promise<NodeJS.Signals | null>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startCli(args: string[], env: Record<string, string>): CliChild {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: RunEvent[] = [];
  let text = '';
  let partial = '';
  const waiters: { test: (e: RunEvent, all: readonly RunEvent[]) => boolean; done: () => void }[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  child.stdout!.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    partial += chunk.toString();
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      const event = JSON.parse(line) as RunEvent;
      events.push(event);
      for (const waiter of [...waiters]) {
        if (waiter.test(event, events)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.done();
        }
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return {
    events,
    output: () => text,
    until(test) {
      if (events.some((e) => test(e, events))) return Promise.resolve();
      return new Promise((done, fail) => {
        waiters.push({ test, done });
        void exited.then(({ code }) => fail(new Error(`weft run exited (${code}) before the awaited event:\n${text}`)));
      });
    },
    async kill() {
      if (child.exitCode !== null) return null;
      child.kill('SIGKILL');
      return (await exited).signal;
    },
    exited,
  };
}
