// workflow.*: new, open (dialog, recent entry, example, dropped text, typed path), save, save as, the
// recent list and the examples. Every file written goes through saveWorkflowFile (atomic, `.bak` kept);
// a document's path is only ever one the user chose through a dialog, the recent list or (browser host
// only) a path they typed.
import { basename, extname } from 'node:path';
import { emptyWorkflow, type Workflow } from '../../../engine';
import { workflowFromImage } from '../../provenance';
import { parseWorkflowBytes, readWorkflowFile, saveWorkflowFile, type WorkflowFileResult } from '../../workflow/workflow-file';
import { AppFailure, withStorageErrors } from '../app-failure';
import type { AppContext } from '../app-context';
import { pathFromUser } from '../user-paths';
import { documentName } from './document-registry';
import { documentView, type DocumentView } from './document-payload';

export type OpenRequest =
  | { kind: 'dialog' }
  | { kind: 'recent'; id: string }
  | { kind: 'example'; id: string }
  | { kind: 'text'; name: string; text: string }
  | { kind: 'image'; name: string; base64: string }
  | { kind: 'path'; path: string };

type SaveTarget = { kind: 'dialog' } | { kind: 'path'; path: string };
type SaveAnswer = { saved: true; displayPath: string; name: string; savedAt: string } | { saved: false; needsTarget: true } | { canceled: true };

export const WORKFLOW_EXTENSION = '.weft';

export function documentCalls(ctx: AppContext) {
  return {
    'workflow.new': async (_request: object): Promise<{ document: DocumentView }> => {
      return { document: documentView(ctx.documents.add(undefined), emptyWorkflow()) };
    },

    'workflow.open': async (request: OpenRequest): Promise<{ document: DocumentView } | { canceled: true }> => {
      switch (request.kind) {
        case 'dialog': {
          if (!ctx.hooks.chooseWorkflowToOpen) throw new AppFailure('this host has no file dialog: type the path of the workflow, or drop the file on the window', 'bad-request');
          const path = await ctx.hooks.chooseWorkflowToOpen();
          return path ? { document: await openFile(ctx, path) } : { canceled: true };
        }
        case 'recent': {
          const path = await ctx.recent.pathOf(request.id);
          if (!path) throw new AppFailure('that entry is no longer in the recent list', 'not-found');
          try {
            return { document: await openFile(ctx, path) };
          } catch (error) {
            if (error instanceof AppFailure && error.code === 'not-found') await ctx.recent.forget(request.id);
            throw error;
          }
        }
        case 'example': {
          const read = await ctx.examples.read(request.id);
          if (!read) throw new AppFailure(`there is no example "${request.id}"`, 'not-found');
          // An example opens as an untitled copy: saving asks where, so the shipped file stays as it is.
          return { document: loaded(ctx, read, undefined, request.id) };
        }
        case 'text': {
          const read = parseWorkflowBytes(Buffer.from(request.text, 'utf8'), request.name);
          const name = basename(request.name, extname(request.name));
          return { document: loaded(ctx, read, undefined, name) };
        }
        case 'image': {
          // An image Weft saved carries its workflow: dropping it on the window restores the exact graph.
          const read = workflowFromImage(Buffer.from(request.base64, 'base64'), request.name);
          return { document: loaded(ctx, read, undefined, basename(request.name, extname(request.name))) };
        }
        case 'path':
          return { document: await openFile(ctx, pathFromUser(request.path, ctx.hooks.acceptsPathsFromRenderer, 'Open')) };
      }
    },

    'workflow.save': async (request: { documentId: string; workflow: Workflow }): Promise<SaveAnswer> => {
      const path = ctx.documents.get(request.documentId)?.path;
      if (!path) return { saved: false, needsTarget: true };
      return saveTo(ctx, request.documentId, path, request.workflow);
    },

    'workflow.saveAs': async (request: { documentId: string; workflow: Workflow; target: SaveTarget }): Promise<SaveAnswer> => {
      const current = ctx.documents.get(request.documentId);
      let path: string | undefined;
      if (request.target.kind === 'dialog') {
        if (!ctx.hooks.chooseWorkflowSavePath) throw new AppFailure('this host has no file dialog: type the path to save to', 'bad-request');
        path = await ctx.hooks.chooseWorkflowSavePath(`${documentName(current?.path, request.workflow.name)}${WORKFLOW_EXTENSION}`);
        if (!path) return { canceled: true };
      } else {
        path = pathFromUser(request.target.path, ctx.hooks.acceptsPathsFromRenderer, 'Save As');
      }
      return saveTo(ctx, request.documentId, withWorkflowExtension(path), request.workflow);
    },

    'workflow.recent': async (_request: object) => ({ entries: await ctx.recent.list() }),

    'workflow.examples': async (_request: object) => ({ examples: await ctx.examples.list() }),
  };
}

async function openFile(ctx: AppContext, path: string): Promise<DocumentView> {
  const read = await readWorkflowFile(path);
  if (!read.ok && /\(no such file\)$/.test(read.error)) throw new AppFailure(read.error, 'not-found');
  const view = loaded(ctx, read, path);
  await ctx.recent.remember(path).catch((error: unknown) => ctx.log(`cannot update the recent list: ${String(error)}`));
  return view;
}

function loaded(ctx: AppContext, read: WorkflowFileResult, path: string | undefined, fallbackName?: string): DocumentView {
  if (!read.ok) throw new AppFailure(read.error, 'bad-request');
  // The same file opened twice is the same document, so the editor can switch to it instead of forking it.
  const document = (path && ctx.documents.findByPath(path)) || ctx.documents.add(path);
  const workflow = path || read.workflow.name || !fallbackName ? read.workflow : { ...read.workflow, name: fallbackName };
  return documentView(document, workflow, read.warnings, read.migrations);
}

async function saveTo(ctx: AppContext, documentId: string, path: string, workflow: Workflow): Promise<SaveAnswer> {
  await withStorageErrors(() => saveWorkflowFile(path, workflow));
  ctx.documents.setPath(documentId, path);
  // Saved: nothing left to recover. A failure here only means an extra offer to restore after a crash.
  await ctx.recovery.remove(documentId).catch((error: unknown) => ctx.log(`cannot clear recovery: ${String(error)}`));
  await ctx.recent.remember(path).catch((error: unknown) => ctx.log(`cannot update the recent list: ${String(error)}`));
  return { saved: true, displayPath: path, name: documentName(path, workflow.name), savedAt: new Date().toISOString() };
}

function withWorkflowExtension(path: string): string {
  return extname(path).toLowerCase() === WORKFLOW_EXTENSION ? path : `${path}${WORKFLOW_EXTENSION}`;
}
