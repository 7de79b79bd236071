// Runs a TypeScript fixture in a real child process and kills it with SIGKILL at a moment it announces.
import { spawn } from 'node:child_process';

export interface KilledChild {
  pid: number;
  /** Everything the child printed before it was killed. */
  output: string;
}

/** Starts `script` (via tsx), waits until it prints `signal`, then SIGKILLs it and waits for it to die. */
export function runUntilThenKill(script: string, args: string[], signal = 'ready', timeoutMs = 20_000): Promise<KilledChild> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child never said "${signal}": ${output}${errors}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(signal)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      if (sig === 'SIGKILL' && output.includes(signal)) resolve({ pid: child.pid!, output });
      else reject(new Error(`child exited (${code ?? sig}) without being killed: ${output}${errors}`));
    });
  });
}
