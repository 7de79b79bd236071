// Where the CLI writes: results to stdout, everything a person reads to stderr, so `weft compile f >
// plan.json` stays clean. Exit codes: 0 all good, 1 the workflow or a run failed, 2 the command was wrong.
import { formatDiagnostic, type Diagnostic } from '../engine';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal: progress bars and colour are drawn only then. */
  interactive: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  interactive: process.stderr.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
};

export function printDiagnostics(io: CliIo, label: string, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.err(`${label}: ${formatDiagnostic(d)}`);
}
