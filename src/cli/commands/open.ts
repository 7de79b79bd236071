// `weft open <image> [--out file.weft]`: the workflow an image Weft saved carries, restored as a .weft
// (printed, or written to --out), with every sampler's seed pinned to the one that made the image.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { serializeWorkflow } from '../../engine';
import { workflowFromImage } from '../../runtime/provenance';
import { saveWorkflowFile } from '../../runtime/workflow/workflow-file';
import type { CliContext } from '../context';
import { EXIT_FAILED, EXIT_OK, printDiagnostics, UsageError } from '../io';

export async function openCommand(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { out: { type: 'string' } } });
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new UsageError('weft open takes one image file');
  const path = resolve(ctx.io.cwd, file);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    ctx.io.err(`error: ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message})`);
    return EXIT_FAILED;
  }
  const result = workflowFromImage(bytes, basename(path));
  if (!result.ok) {
    ctx.io.err(`error: ${result.error}`);
    return EXIT_FAILED;
  }
  printDiagnostics(ctx.io, basename(path), result.warnings);
  if (values.out === undefined) {
    ctx.io.out(serializeWorkflow(result.workflow));
  } else {
    const target = resolve(ctx.io.cwd, values.out);
    await saveWorkflowFile(target, result.workflow);
    ctx.io.err(`${basename(path)}: workflow written to ${target}`);
  }
  return EXIT_OK;
}
