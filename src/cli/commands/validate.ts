// `weft validate <file>`: every problem in a workflow, located, one per line; exit 1 if any is an error.
import { hasErrors } from '../../engine';
import { openAndCompile, type CliContext } from '../context';
import { EXIT_FAILED, EXIT_OK, printDiagnostics } from '../io';

export async function validateCommand(ctx: CliContext, file: string): Promise<number> {
  const compiled = await openAndCompile(ctx, file);
  if (!compiled) return EXIT_FAILED;
  const { label, plan, diagnostics, migrations } = compiled;
  for (const step of migrations) ctx.io.err(`${label}: note: migrated ${step}`);
  printDiagnostics(ctx.io, label, diagnostics);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const calls = plan.calls.length;
  ctx.io.err(`${label}: ${errors ? `${errors} error${errors > 1 ? 's' : ''}` : 'valid'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${calls} call${calls === 1 ? '' : 's'}`);
  return hasErrors(diagnostics) ? EXIT_FAILED : EXIT_OK;
}
