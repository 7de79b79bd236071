// recovery.*: the editor autosaves every open document here; after a crash or a kill, the next start
// lists what was not saved and offers to restore or discard it.
import { loadWorkflowDocument, type Workflow } from '../../../engine';
import { checkAssets } from '../../workflow/workflow-file';
import { AppFailure, withStorageErrors } from '../app-failure';
import type { AppContext } from '../app-context';
import { documentName } from '../documents/document-registry';
import { documentView, type DocumentView } from '../documents/document-payload';

export function recoveryCalls(ctx: AppContext) {
  return {
    'recovery.autosave': async (request: { documentId: string; workflow: Workflow; name: string; displayPath?: string | undefined }) => {
      // The path recorded is the one this service knows for the document, never the renderer's claim
      // (displayPath is for showing only); after a restart, the path of the previous autosave is kept.
      const known = ctx.documents.get(request.documentId)?.path;
      const path = known ?? (await ctx.recovery.read(request.documentId))?.path;
      const savedAt = await withStorageErrors(() =>
        ctx.recovery.save({ documentId: request.documentId, name: request.name || documentName(path, request.workflow.name), path, workflow: request.workflow }),
      );
      return { savedAt };
    },

    // Every unsaved document of this process and of dead ones. Documents this process still has open
    // are listed too: a reloaded page (or a renderer that crashed) lost them, and only its copy here
    // remains. A renderer leaves out the ids it has open itself.
    'recovery.list': async (_request: object) => {
      const files = await ctx.recovery.list();
      return { entries: files.map((file) => ({ documentId: file.documentId, name: file.name, ...(file.path ? { displayPath: file.path } : {}), savedAt: file.savedAt })) };
    },

    'recovery.restore': async (request: { documentId: string }): Promise<{ document: DocumentView }> => {
      const file = await ctx.recovery.read(request.documentId);
      if (!file) throw new AppFailure('there is nothing to restore for this document (it was saved or discarded)', 'not-found');
      const loaded = loadWorkflowDocument(file.workflow);
      if (!loaded.ok) throw new AppFailure(`the autosaved copy cannot be read: ${loaded.error}`, 'bad-request');
      // The same id again, so the editor's further autosaves replace this file until the user saves.
      const document = ctx.documents.get(file.documentId) ?? ctx.documents.add(file.path, file.documentId);
      const view = documentView(document, loaded.workflow, checkAssets(loaded.workflow), loaded.migrations);
      return { document: { ...view, name: file.name || view.name } };
    },

    'recovery.discard': async (request: { documentId: string }) => {
      await withStorageErrors(() => ctx.recovery.remove(request.documentId));
      return {};
    },
  };
}
