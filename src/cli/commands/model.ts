// `weft model show <owner/name[:version]>`: a model's inputs as Weft would make them (ports and params).
// `weft model add <file.weft> <owner/name[:version]> [--id NODE]`: stores the version's schema in the
// workflow (so it opens offline) and adds a `model` node that runs it; the file is saved atomically with
// a .bak. Both read the schema from Replicate: REPLICATE_API_TOKEN (and REPLICATE_BASE_URL) are needed.
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { addModelNode, modelNodeFor, summarizeDefinition, type ModelNode } from '../../engine';
import { describeModel, type DescribedModel } from '../../runtime/models/describe-model';
import { replicateModelReader } from '../../runtime/models/replicate-model-reader';
import { ProviderError } from '../../runtime/providers/errors';
import { DEFAULT_REPLICATE_BASE_URL } from '../../runtime/providers/replicate/replicate-provider';
import { readWorkflowFile, saveWorkflowFile } from '../../runtime/workflow/workflow-file';
import type { CliContext } from '../context';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../io';
import { modelTable } from './model-table';

export async function modelCommand(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { id: { type: 'string' } } });
  const [, action, ...rest] = positionals;
  if (action === 'show') {
    if (rest.length !== 1 || values.id !== undefined) throw new UsageError('weft model show takes one model: owner/name or owner/name:version');
    return show(ctx, rest[0]!);
  }
  if (action === 'add') {
    if (rest.length !== 2) throw new UsageError('weft model add takes a workflow file and a model: weft model add file.weft owner/name[:version] [--id NODE]');
    return add(ctx, rest[0]!, rest[1]!, values.id);
  }
  throw new UsageError(action ? `unknown model command "${action}" (show or add)` : 'weft model needs show or add');
}

async function show(ctx: CliContext, ref: string): Promise<number> {
  const found = await describe(ctx, ref);
  if (!found) return EXIT_FAILED;
  const { described, node } = found;
  ctx.io.out(modelTable(described.ref, summarizeDefinition(node.definition), node.problems));
  return EXIT_OK;
}

async function add(ctx: CliContext, file: string, ref: string, id: string | undefined): Promise<number> {
  const path = resolve(ctx.io.cwd, file);
  const read = await readWorkflowFile(path);
  if (!read.ok) {
    ctx.io.err(`error: ${read.error}`);
    return EXIT_FAILED;
  }
  const found = await describe(ctx, ref);
  if (!found) return EXIT_FAILED;
  const { described, node } = found;
  const blocking = node.problems.filter((p) => p.severity === 'error');
  if (blocking.length) {
    for (const problem of blocking) ctx.io.err(`error: ${described.ref}: ${problem.message}`);
    ctx.io.err(`${basename(path)}: not changed`);
    return EXIT_FAILED;
  }
  const added = addModelNode(read.workflow, { ref: described.ref, entry: described.entry, ...(id === undefined ? {} : { id }) });
  if ('error' in added) throw new UsageError(`--id: ${added.error}`);
  await saveWorkflowFile(path, added.workflow);
  const summary = summarizeDefinition(node.definition);
  ctx.io.out(`added node ${added.node.id} to ${basename(path)}\n\n${modelTable(described.ref, summary, node.problems)}`);
  const required = summary.params.filter((p) => !p.optional).map((p) => p.name);
  if (required.length) ctx.io.err(`${basename(path)}: set ${required.join(', ')} on node ${added.node.id} before running it`);
  return EXIT_OK;
}

/** The model's stored form read from Replicate and the node made from it, or undefined after saying why not. */
async function describe(ctx: CliContext, ref: string): Promise<{ described: DescribedModel; node: ModelNode } | undefined> {
  const { env } = ctx.io;
  const baseUrl = env.REPLICATE_BASE_URL?.trim() || DEFAULT_REPLICATE_BASE_URL;
  if (!URL.canParse(baseUrl)) throw new UsageError(`REPLICATE_BASE_URL is not a URL: "${baseUrl}"`);
  const token = env.REPLICATE_API_TOKEN?.trim();
  if (!token) {
    ctx.io.err('error: REPLICATE_API_TOKEN is not set: Weft reads the model\'s schema from Replicate (set it to an API token from https://replicate.com/account/api-tokens)');
    return undefined;
  }
  let described: DescribedModel;
  try {
    described = await describeModel(ref, replicateModelReader({ token, baseUrl }));
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    if (error.kind === 'invalid-input') throw new UsageError(error.message);
    ctx.io.err(`error: ${error.message}`);
    return undefined;
  }
  const node = modelNodeFor(described.ref, { [described.ref]: described.entry });
  if ('problem' in node) {
    ctx.io.err(`error: ${node.problem.message}`);
    return undefined;
  }
  return { described, node };
}
