// What every command shares: the node catalog, the cache folders and the image preparer.
import { basename, dirname, resolve } from 'node:path';
import { catalog } from '../../nodes';
import type { Catalog, Diagnostic, Plan, Workflow } from '../engine';
import { BlobStore } from '../runtime/cache/blobs';
import { compileWorkflow } from '../runtime/compile-workflow';
import { ImagePreparer } from '../runtime/images/image-preparer';
import { cacheDirFor } from '../runtime/paths';
import { readWorkflowFile } from '../runtime/workflow/workflow-file';
import type { CliIo } from './io';
import { homedir } from 'node:os';
import packageJson from '../../package.json';

export interface CliContext {
  io: CliIo;
  /** Written into the provenance of every image the CLI saves. */
  weftVersion: string;
  catalog: Catalog;
  cacheDir: string;
  blobs: BlobStore;
  images: ImagePreparer;
}

export function createContext(io: CliIo): CliContext {
  const cacheDir = cacheDirFor(process.platform, io.env, homedir());
  const blobs = new BlobStore(cacheDir);
  return { io, weftVersion: packageJson.version, catalog, cacheDir, blobs, images: new ImagePreparer(blobs) };
}

export interface CompiledFile {
  path: string;
  /** The file name, which every message about it starts with. */
  label: string;
  workflow: Workflow;
  plan: Plan;
  /** Load warnings (damaged assets...) and the Plan's diagnostics together. */
  diagnostics: Diagnostic[];
  migrations: string[];
}

/** Reads and compiles a workflow file; a file that cannot be read is reported on stderr and answers undefined. */
export async function openAndCompile(ctx: CliContext, file: string): Promise<CompiledFile | undefined> {
  const path = resolve(ctx.io.cwd, file);
  const result = await readWorkflowFile(path);
  if (!result.ok) {
    ctx.io.err(`error: ${result.error}`);
    return undefined;
  }
  const plan = await compileWorkflow(result.workflow, { catalog: ctx.catalog, images: ctx.images, baseDir: dirname(path) });
  return { path, label: basename(path), workflow: result.workflow, plan, diagnostics: [...result.warnings, ...plan.diagnostics], migrations: result.migrations };
}
