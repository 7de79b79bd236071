// `weft compile <file>`: the Plan as JSON on stdout (calls with their exact inputs, keys, seeds and
// estimates, plus diagnostics); exit 1 if the workflow has errors.
import { hasErrors } from '../../engine';
import { openAndCompile, type CliContext } from '../context';
import { EXIT_FAILED, EXIT_OK } from '../io';

export async function compileCommand(ctx: CliContext, file: string): Promise<number> {
  const compiled = await openAndCompile(ctx, file);
  if (!compiled) return EXIT_FAILED;
  const { plan, diagnostics } = compiled;
  ctx.io.out(JSON.stringify({ ...plan, diagnostics }, null, 2));
  return hasErrors(diagnostics) ? EXIT_FAILED : EXIT_OK;
}
