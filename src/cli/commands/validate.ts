// `weft validate <file>`: every problem in a workflow, located, one per line; exit 1 if any is an error.
import { basename } from 'node:path';
import { hasErrors } from '../../engine';
import { compileOpened, openWorkflow, type CliContext } from '../context';
import { EXIT_FAILED, EXIT_OK, printDiagnostics } from '../io';

export async function validateCommand(ctx: CliContext, file: string): Promise<number> {
  const { path, result } = await openWorkflow(ctx, file);
  if (!result.ok) {
    ctx.io.err(`error: ${result.error}`);
    return EXIT_FAILED;
  }
  const plan = await compileOpened(ctx, result.workflow, path);
  const diagnostics = [...result.warnings, ...plan.diagnostics];
  const label = basename(path);
  for (const step of result.migrations) ctx.io.err(`${label}: note: migrated ${step}`);
  printDiagnostics(ctx.io, label, diagnostics);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const calls = plan.calls.length;
  ctx.io.err(`${label}: ${errors ? `${errors} error${errors > 1 ? 's' : ''}` : 'valid'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${calls} call${calls === 1 ? '' : 's'}`);
  return hasErrors(diagnostics) ? EXIT_FAILED : EXIT_OK;
}
