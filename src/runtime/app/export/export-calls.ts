// workflow.export: the compiled workflow as a runnable script (Node, Python or curl) written with the
// images it uploads into a folder the user chose, as `weft export` does. `only` names a canvas node: its
// calls (every variant of a sweep, every call inside a group) and the calls they wait for.
import { basename } from 'node:path';
import { formatDiagnostic, type ExportFormat, type Plan, type Workflow } from '../../../engine';
import { ExportError, exportToFolder } from '../../export/export-workflow';
import { AppFailure, withStorageErrors } from '../app-failure';
import type { AppContext } from '../app-context';
import { documentName } from '../documents/document-registry';
import { compileDocument } from '../run/compile-document';
import { pathFromUser } from '../user-paths';

export interface ExportRequest {
  documentId: string;
  workflow: Workflow;
  format: ExportFormat;
  only?: string | undefined;
  target: { kind: 'dialog' } | { kind: 'path'; path: string };
}

type ExportAnswer = { folder: string; script: string; images: string[] } | { canceled: true };

export function exportCalls(ctx: AppContext) {
  return {
    'workflow.export': async (request: ExportRequest): Promise<ExportAnswer> => {
      const plan = await compileDocument(ctx, request.documentId, request.workflow);
      const errors = plan.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) throw new AppFailure(`not exported: fix the workflow's errors first (${formatDiagnostic(errors[0]!)})`, 'bad-request');
      const selected = request.only === undefined ? plan : planFor(plan, request.only);
      const name = documentName(ctx.documents.get(request.documentId)?.path, request.workflow.name);
      let folder: string | undefined;
      if (request.target.kind === 'dialog') {
        if (!ctx.hooks.chooseExportFolder) throw new AppFailure('this host has no folder dialog: type the folder to export to', 'bad-request');
        folder = await ctx.hooks.chooseExportFolder(`${name}-${request.format}`);
        if (!folder) return { canceled: true };
      } else {
        folder = pathFromUser(request.target.path, ctx.hooks.acceptsPathsFromRenderer, 'Export');
      }
      const cache = await ctx.resources.cache();
      const target = folder;
      try {
        const result = await withStorageErrors(() => exportToFolder(selected, request.format, { blobs: cache.blobs, folder: target, title: name }));
        return { folder: target, script: basename(result.script), images: result.images };
      } catch (error) {
        if (error instanceof ExportError) throw new AppFailure(`not exported: ${error.message}`, 'bad-request');
        if (error instanceof Error && 'code' in error && typeof error.code === 'string' && /^E[A-Z]+$/.test(error.code)) {
          throw new AppFailure(`cannot write to ${target}: ${error.message}`, 'io');
        }
        throw error;
      }
    },
  };
}

/** The calls a canvas node stands for, and every call they wait for: what "run to here" would run. */
export function planFor(plan: Plan, node: string): Plan {
  const own = plan.calls.filter((c) => c.source === node || c.node === node);
  if (own.length === 0) throw new AppFailure(`node ${node} makes no call to export: choose a sampler, a model node or a group`, 'bad-request');
  const byId = new Map(plan.calls.map((c) => [c.node, c] as const));
  const needed = new Set<string>();
  const visit = (id: string) => {
    if (needed.has(id)) return;
    needed.add(id);
    byId.get(id)?.after.forEach(visit);
  };
  own.forEach((c) => visit(c.node));
  return { ...plan, calls: plan.calls.filter((c) => needed.has(c.node)) };
}
