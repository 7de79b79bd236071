// `weft export <file> --format node|python|curl --out DIR [--only NODE]`: a script that makes the same
// calls with the official client (or curl), with the images it uploads copied beside it.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, ExportError, hasErrors, type ExportFormat } from '../../engine';
import { exportToFolder } from '../../runtime/export/export-workflow';
import { openAndCompile, type CliContext } from '../context';
import { EXIT_FAILED, EXIT_OK, printDiagnostics, UsageError } from '../io';

export async function exportCommand(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { format: { type: 'string' }, out: { type: 'string' }, only: { type: 'string' } },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new UsageError('weft export takes one workflow file');
  const format = values.format as ExportFormat | undefined;
  if (!format || !EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  if (!values.out) throw new UsageError('--out DIR is required: the script and its images are written there');
  const compiled = await openAndCompile(ctx, file);
  if (!compiled) return EXIT_FAILED;
  if (hasErrors(compiled.diagnostics)) {
    printDiagnostics(ctx.io, compiled.label, compiled.diagnostics.filter((d) => d.severity === 'error'));
    ctx.io.err(`${compiled.label}: not exported: fix the errors above first`);
    return EXIT_FAILED;
  }
  try {
    const result = await exportToFolder(compiled.plan, format, {
      blobs: ctx.blobs,
      folder: resolve(ctx.io.cwd, values.out),
      ...(values.only !== undefined ? { only: values.only } : {}),
      ...(compiled.workflow.name !== undefined ? { title: compiled.workflow.name } : {}),
    });
    ctx.io.out(result.script);
    ctx.io.err(`${compiled.label}: exported ${result.script} with ${result.images.length} image${result.images.length === 1 ? '' : 's'}`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof ExportError) {
      ctx.io.err(`${compiled.label}: not exported: ${error.message}`);
      return EXIT_FAILED;
    }
    throw error;
  }
}
