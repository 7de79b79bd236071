// `weft group list|export|import`: the group library from the command line. Export copies a group of a
// workflow (with the groups, images and model schemas it needs) into the library; import adds a library
// group's definition to a workflow file, saved atomically, ready for a `group` node to use.
import { homedir } from 'node:os';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { groupPackage, insertGroupPackage } from '../../engine';
import { GroupLibrary, GroupLibraryError } from '../../runtime/group-library/group-library';
import { dataDirFor, dataPathsFor } from '../../runtime/paths';
import { readWorkflowFile, saveWorkflowFile } from '../../runtime/workflow/workflow-file';
import type { CliContext } from '../context';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../io';

export async function groupCommand(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: { json: { type: 'boolean' }, as: { type: 'string' }, replace: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const [, action, ...args] = positionals;
  const dataDir = resolve(ctx.io.cwd, dataDirFor(process.platform, ctx.io.env, homedir()));
  const library = new GroupLibrary(dataPathsFor(process.platform, dataDir).library);
  try {
    switch (action) {
      case 'list':
        if (args.length) throw new UsageError('weft group list takes no file');
        return await list(ctx, library, values.json === true);
      case 'export':
        if (args.length !== 2) throw new UsageError('weft group export takes a workflow file and the id of one of its groups');
        return await exportGroup(ctx, library, args[0]!, args[1]!, { ...(values.as !== undefined ? { id: values.as } : {}), replace: values.replace === true });
      case 'import':
        if (args.length !== 2) throw new UsageError('weft group import takes a workflow file and the name of a library group');
        return await importGroup(ctx, library, args[0]!, args[1]!);
      default:
        throw new UsageError(action === undefined ? 'weft group needs list, export or import' : `unknown group action "${action}": use list, export or import`);
    }
  } catch (error) {
    if (!(error instanceof GroupLibraryError)) throw error;
    ctx.io.err(`error: ${error.message}`);
    return EXIT_FAILED;
  }
}

async function list(ctx: CliContext, library: GroupLibrary, json: boolean): Promise<number> {
  const { entries, problems } = await library.list();
  for (const problem of problems) ctx.io.err(`warning: ${problem}`);
  if (json) {
    ctx.io.out(JSON.stringify({ folder: library.folder, entries }));
    return EXIT_OK;
  }
  if (entries.length === 0) ctx.io.err(`the group library (${library.folder}) is empty: add a group with weft group export`);
  for (const e of entries) {
    ctx.io.out(`${e.id}\t${e.name}\tin: ${e.inputs.join(', ') || '-'}\tout: ${e.outputs.join(', ') || '-'}${e.description ? `\t${e.description}` : ''}`);
  }
  return EXIT_OK;
}

async function exportGroup(ctx: CliContext, library: GroupLibrary, file: string, groupId: string, options: { id?: string; replace: boolean }): Promise<number> {
  const path = resolve(ctx.io.cwd, file);
  const read = await readWorkflowFile(path);
  if (!read.ok) {
    ctx.io.err(`error: ${read.error}`);
    return EXIT_FAILED;
  }
  const made = groupPackage(read.workflow, groupId);
  if (!made.ok) {
    ctx.io.err(`error: ${basename(path)}: ${made.error}`);
    return EXIT_FAILED;
  }
  const entry = await library.save(made.package, options);
  ctx.io.out(entry.id);
  ctx.io.err(`${basename(path)}: group ${groupId} saved to the library as "${entry.id}" (${library.pathOf(entry.id)})`);
  return EXIT_OK;
}

async function importGroup(ctx: CliContext, library: GroupLibrary, file: string, name: string): Promise<number> {
  const pkg = await library.load(name);
  const path = resolve(ctx.io.cwd, file);
  const read = await readWorkflowFile(path);
  if (!read.ok) {
    ctx.io.err(`error: ${read.error}`);
    return EXIT_FAILED;
  }
  const inserted = insertGroupPackage(read.workflow, pkg);
  await saveWorkflowFile(path, inserted.workflow);
  for (const [from, to] of Object.entries(inserted.renamed)) ctx.io.err(`${basename(path)}: note: the workflow already has a different group "${from}": this one is "${to}"`);
  ctx.io.out(inserted.groupId);
  ctx.io.err(`${basename(path)}: added group "${inserted.groupId}"; use it with a node { "type": "group", "params": { "group": "${inserted.groupId}" } }`);
  return EXIT_OK;
}
