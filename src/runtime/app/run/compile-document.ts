// Compiling a document's workflow with everything the runtime knows: its images read and hashed (so
// calls get real cache keys) and relative image paths resolved against the document's own folder.
import { dirname } from 'node:path';
import { catalog } from '../../../../nodes';
import type { Plan, Workflow } from '../../../engine';
import { compileWorkflow } from '../../compile-workflow';
import type { AppContext } from '../app-context';

export async function compileDocument(ctx: AppContext, documentId: string, workflow: Workflow): Promise<Plan> {
  const path = ctx.documents.get(documentId)?.path;
  return compileWorkflow(workflow, { catalog, images: await ctx.resources.images(), baseDir: path ? dirname(path) : undefined });
}
