// What every command shares: the node catalog, the cache folders and the image preparer.
import { dirname, resolve } from 'node:path';
import { catalog } from '../../nodes';
import type { Catalog, Plan, Workflow } from '../engine';
import { BlobStore } from '../runtime/cache/blobs';
import { compileWorkflow } from '../runtime/compile-workflow';
import { ImagePreparer } from '../runtime/images/image-preparer';
import { cacheDirFor } from '../runtime/paths';
import { readWorkflowFile, type WorkflowFileResult } from '../runtime/workflow/workflow-file';
import type { CliIo } from './io';
import { homedir } from 'node:os';

export interface CliContext {
  io: CliIo;
  catalog: Catalog;
  cacheDir: string;
  blobs: BlobStore;
  images: ImagePreparer;
}

export function createContext(io: CliIo): CliContext {
  const cacheDir = cacheDirFor(process.platform, io.env, homedir());
  const blobs = new BlobStore(cacheDir);
  return { io, catalog, cacheDir, blobs, images: new ImagePreparer(blobs) };
}

export async function openWorkflow(ctx: CliContext, file: string): Promise<{ path: string; result: WorkflowFileResult }> {
  const path = resolve(ctx.io.cwd, file);
  return { path, result: await readWorkflowFile(path) };
}

export function compileOpened(ctx: CliContext, workflow: Workflow, path: string): Promise<Plan> {
  return compileWorkflow(workflow, { catalog: ctx.catalog, images: ctx.images, baseDir: dirname(path) });
}
