// `weft run <file>`: compiles a workflow, runs what the cache cannot answer (on Replicate, or on a local
// Cog container with --cog-url), writes the outputs, prints a summary. Exit 0 only if every call
// succeeded. The token comes from REPLICATE_API_TOKEN and is needed only when something must run.
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { hasErrors, type Plan } from '../../engine';
import { Cache } from '../../runtime/cache/cache';
import { History } from '../../runtime/history/history';
import { dataDirFor } from '../../runtime/paths';
import { CogProvider } from '../../runtime/providers/cog/cog-provider';
import { ProviderError } from '../../runtime/providers/errors';
import { missingTokenProvider } from '../../runtime/providers/missing-token';
import type { Provider } from '../../runtime/providers/provider';
import { DEFAULT_REPLICATE_BASE_URL, ReplicateProvider } from '../../runtime/providers/replicate/replicate-provider';
import { planCacheStatus } from '../../runtime/runner/plan-status';
import { runPlan, type RunResult } from '../../runtime/runner/run-plan';
import { NothingToRunError, selectCalls } from '../../runtime/runner/select-calls';
import { runOutputs, writeOutputs } from '../../runtime/runner/write-outputs';
import { RunProvenanceStore } from '../../runtime/provenance';
import { openAndCompile, type CliContext, type CompiledFile } from '../context';
import { EXIT_FAILED, EXIT_OK, UsageError, printDiagnostics } from '../io';
import { jsonDisplay, lineDisplay, terminalDisplay, type RunDisplay } from './run-display';
import { formatSeconds, formatUsd } from './units';

interface RunArgs {
  file: string;
  outDir?: string;
  only?: string;
  concurrency?: number;
  noCache: boolean;
  json: boolean;
  cogUrl?: string;
}

export async function runCommand(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const args = parseRunArgs(ctx, argv);
  const { io } = ctx;
  const compiled = await openAndCompile(ctx, args.file);
  if (!compiled) return EXIT_FAILED;
  const { path, label, plan, diagnostics, workflow } = compiled;
  printDiagnostics(io, label, diagnostics.filter((d) => d.severity !== 'info'));
  if (hasErrors(diagnostics)) {
    io.err(`${label}: not run: fix the errors above first`);
    return EXIT_FAILED;
  }
  if (args.only !== undefined && !workflow.nodes.some((node) => node.id === args.only)) {
    throw new UsageError(`--only ${args.only}: the workflow has no node with that id`);
  }
  let selected: number;
  try {
    selected = selectCalls(plan, args.only).length;
  } catch (error) {
    if (error instanceof NothingToRunError) throw new UsageError(`--only: ${error.message}`);
    throw error;
  }
  if (selected === 0) {
    io.err(`${label}: nothing to run (the workflow has no samplers)`);
    return EXIT_OK;
  }

  const cache = await Cache.open(ctx.cacheDir);
  const provider = await chooseProvider(ctx, args, plan, cache);
  if (!provider) return EXIT_FAILED;
  const history = await openHistory(ctx);

  const display: RunDisplay = args.json ? jsonDisplay(io) : io.interactive ? terminalDisplay(io) : lineDisplay(io);
  const controller = new AbortController();
  const onInterrupt = interruptHandler(ctx, controller);
  process.on('SIGINT', onInterrupt);
  let run: RunResult;
  try {
    run = await runPlan(plan, {
      provider,
      cache,
      ...(history ? { history } : {}),
      ...(args.concurrency === undefined ? {} : { concurrency: args.concurrency }),
      ...(args.only === undefined ? {} : { only: args.only }),
      noCache: args.noCache,
      signal: controller.signal,
      onEvent: (event) => display.onEvent(event),
      workflowName: label,
      workflowPath: path,
      onHistoryError: (error) => io.err(`warning: cannot write the run history: ${(error as Error).message}`),
    });
  } finally {
    process.off('SIGINT', onInterrupt);
    display.close();
    await history?.close();
  }

  // The app's gallery lists this run too: an image saved from it there carries the workflow, as the files below do.
  if (history) {
    const kept = { workflow: compiled.workflow, calls: plan.calls, weftVersion: ctx.weftVersion };
    await new RunProvenanceStore(dirname(history.dir)).record(run.runId, kept).catch((error: unknown) => io.err(`warning: cannot keep the workflow for images saved from the gallery: ${(error as Error).message}`));
  }
  const written = await writeRunFiles(ctx, compiled, run, cache, args.outDir);
  io.err(summaryLine(run));
  return run.status === 'succeeded' && written ? EXIT_OK : EXIT_FAILED;
}

function parseRunArgs(ctx: CliContext, argv: readonly string[]): RunArgs {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string' },
      only: { type: 'string' },
      concurrency: { type: 'string' },
      'no-cache': { type: 'boolean' },
      json: { type: 'boolean' },
      'cog-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const files = positionals.slice(1);
  if (files.length !== 1) throw new UsageError('weft run takes one workflow file');
  let concurrency: number | undefined;
  if (values.concurrency !== undefined) {
    concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError(`--concurrency must be a whole number from 1 to 64, got "${values.concurrency}"`);
  }
  const cogUrl = values['cog-url'];
  if (cogUrl !== undefined && !/^https?:\/\/[^/]/.test(cogUrl)) throw new UsageError(`--cog-url must be an http:// URL like http://localhost:5000, got "${cogUrl}"`);
  return {
    file: files[0]!,
    noCache: values['no-cache'] === true,
    json: values.json === true,
    ...(values.out === undefined ? {} : { outDir: resolve(ctx.io.cwd, values.out) }),
    ...(values.only === undefined ? {} : { only: values.only }),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(cogUrl === undefined ? {} : { cogUrl }),
  };
}

/** The provider, or undefined after printing why the run cannot start. */
async function chooseProvider(ctx: CliContext, args: RunArgs, plan: Plan, cache: Cache): Promise<Provider | undefined> {
  const { io } = ctx;
  if (args.cogUrl !== undefined) {
    const cog = new CogProvider({ url: args.cogUrl });
    try {
      const health = await cog.health();
      io.err(`Cog container at ${cog.url}: ${health.status}`);
      if (!health.usable) {
        io.err(`error: the Cog container at ${cog.url} cannot run predictions (${health.status})${health.setupLogs ? `:\n${health.setupLogs.trim()}` : ''}`);
        return undefined;
      }
    } catch (error) {
      io.err(`error: ${error instanceof ProviderError ? error.message : String(error)}`);
      return undefined;
    }
    return cog;
  }
  const baseUrl = io.env.REPLICATE_BASE_URL?.trim() || DEFAULT_REPLICATE_BASE_URL;
  if (!URL.canParse(baseUrl)) throw new UsageError(`REPLICATE_BASE_URL is not a URL: "${baseUrl}"`);
  const token = io.env.REPLICATE_API_TOKEN?.trim();
  if (token) return new ReplicateProvider({ token, baseUrl, cacheDir: ctx.cacheDir });
  // No token: fine as long as the cache answers everything.
  const statuses = args.noCache ? selectCalls(plan, args.only).map((c) => ({ node: c.node, state: 'will-run' })) : await planCacheStatus(plan, cache, args.only === undefined ? {} : { only: args.only });
  const needed = statuses.filter((s) => s.state !== 'cached').map((s) => s.node);
  if (needed.length === 0) return missingTokenProvider('REPLICATE_API_TOKEN is not set');
  const nodes = needed.map((n) => `node ${n}`).join(', ');
  io.err(`error: REPLICATE_API_TOKEN is not set: ${nodes} ${needed.length === 1 ? 'needs' : 'need'} a prediction on Replicate (set it to an API token from https://replicate.com/account/api-tokens)`);
  return undefined;
}

async function openHistory(ctx: CliContext): Promise<History | undefined> {
  const dataDir = resolve(ctx.io.cwd, dataDirFor(process.platform, ctx.io.env, homedir()));
  try {
    return await History.open(dataDir);
  } catch (error) {
    ctx.io.err(`warning: run history is off for this run: ${(error as Error).message}`);
    return undefined;
  }
}

/** First Ctrl-C cancels the run (predictions included); a second one quits at once. */
function interruptHandler(ctx: CliContext, controller: AbortController): () => void {
  return () => {
    if (controller.signal.aborted) process.exit(130);
    ctx.io.err('canceling the run (its predictions too); press Ctrl-C again to quit at once');
    controller.abort();
  };
}

/** Writes the images reaching output nodes (and --out); false if any could not be written. */
async function writeRunFiles(ctx: CliContext, compiled: CompiledFile, run: RunResult, cache: Cache, outDir: string | undefined): Promise<boolean> {
  const { outputs, predictionIds } = runOutputs(run.calls);
  const { files, problems } = await writeOutputs(compiled.plan, outputs, cache.blobs, {
    baseDir: dirname(compiled.path),
    ...(outDir === undefined ? {} : { outDir }),
    provenance: { workflow: compiled.workflow, weftVersion: ctx.weftVersion, predictionIds },
  });
  for (const problem of problems) ctx.io.err(`error: ${problem}`);
  const byFolder = new Map<string, { created: number; same: number }>();
  for (const file of files) {
    const folder = dirname(file.path);
    const counts = byFolder.get(folder) ?? { created: 0, same: 0 };
    if (file.created) counts.created++;
    else counts.same++;
    byFolder.set(folder, counts);
  }
  for (const [folder, { created, same }] of byFolder) {
    const kept = same ? `${created ? ', ' : ''}${same} already there` : '';
    ctx.io.err(`${folder}: ${created ? `wrote ${created} image${created === 1 ? '' : 's'}` : ''}${kept}`);
  }
  return problems.length === 0;
}

export function summaryLine(run: RunResult): string {
  const t = run.totals;
  const parts = [`${t.ran} run`, `${t.cached} cached`];
  if (t.failed) parts.push(`${t.failed} failed`);
  if (t.canceled) parts.push(`${t.canceled} canceled`);
  // A local Cog container bills nothing: its GPU time is shown without a price.
  const gpu = t.predictTime > 0 ? `; ${t.predictTime.toFixed(1)} s of GPU time${t.cost > 0 ? `, estimated ${formatUsd(t.cost)}` : ''}` : '';
  return `${run.status}: ${t.calls} call${t.calls === 1 ? '' : 's'} (${parts.join(', ')}) in ${formatSeconds(t.elapsedMs)}${gpu}`;
}
