import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI entry in-process with captured output and its own cache folder. */
export async function runCli(args: string[], env: Record<string, string>, cwd = process.cwd()): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (t) => (stdout += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => (stderr += t.endsWith('\n') ? t : `${t}\n`),
    interactive: false,
    env: { ...env },
    cwd,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
