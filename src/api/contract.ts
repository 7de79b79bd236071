// The whole app API: one entry per call, with the zod schema of its request and of its answer. The
// preload exposes one named method per entry, the browser host one POST route per entry, and both
// validate with these schemas on the way in and out.
import { z } from 'zod';
import { EXPORT_FORMATS } from '../engine/export';
import { Empty, OutputRefSchema, WorkflowPayload } from './common';
import * as doc from './documents';
import * as groups from './group-library';
import * as lib from './library';
import * as models from './models';
import * as run from './run';

const call = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) => ({ request, response });

/**
 * `workflow.export`: the compiled workflow (or what one canvas node needs) as a runnable script, written
 * with the images it uploads into a folder: chosen in a native dialog, or typed (browser host only).
 */
const ExportWorkflowRequest = z.object({
  documentId: doc.DocumentId,
  workflow: WorkflowPayload,
  format: z.enum(EXPORT_FORMATS),
  /** A canvas node: only its calls (every variant of a sweep, every call of a group) and what they need. */
  only: z.string().min(1).optional(),
  target: z.discriminatedUnion('kind', [z.object({ kind: z.literal('dialog') }), z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) })]),
});
const ExportWorkflowResult = z.union([
  /** `script` is the file written; `images` the image files beside it, relative to `folder`. */
  z.object({ folder: z.string(), script: z.string(), images: z.array(z.string()) }),
  z.object({ canceled: z.literal(true) }),
]);

export const API = {
  'app.info': call(Empty, lib.AppInfo),
  'workflow.new': call(Empty, z.object({ document: doc.DocumentSchema })),
  'workflow.open': call(doc.OpenSource, doc.OpenResult),
  'workflow.save': call(doc.SaveRequest, doc.SaveResult),
  'workflow.saveAs': call(doc.SaveAsRequest, doc.SaveResult),
  'workflow.recent': call(Empty, doc.RecentList),
  'workflow.examples': call(Empty, doc.ExampleList),
  'workflow.export': call(ExportWorkflowRequest, ExportWorkflowResult),
  'recovery.autosave': call(doc.AutosaveRequest, z.object({ savedAt: z.string() })),
  'recovery.list': call(Empty, doc.RecoveryList),
  'recovery.restore': call(doc.RecoveryRequest, z.object({ document: doc.DocumentSchema })),
  'recovery.discard': call(doc.RecoveryRequest, Empty),
  'run.compile': call(run.CompileRequest, run.CompileResult),
  'run.start': call(run.RunRequest, run.RunStarted),
  'run.cancel': call(run.CancelRequest, Empty),
  'history.list': call(lib.HistoryListRequest, lib.HistoryList),
  'history.get': call(lib.HistoryGetRequest, lib.RunDetail),
  'gallery.list': call(lib.HistoryListRequest, lib.GalleryList),
  'cache.stats': call(Empty, lib.CacheStatsSchema),
  'cache.prune': call(lib.PruneRequest, lib.CacheStatsSchema),
  'settings.get': call(Empty, lib.SettingsSchema),
  'settings.set': call(lib.SettingsPatch, lib.SettingsSchema),
  'token.status': call(Empty, lib.TokenStatus),
  'token.set': call(lib.TokenSetRequest, lib.TokenTestResult),
  'token.test': call(Empty, lib.TokenTestResult),
  'token.clear': call(Empty, lib.TokenStatus),
  'images.import': call(lib.ImportSource, lib.ImportResult),
  'images.save': call(lib.SaveImageRequest, lib.SaveImageResult),
  'models.describe': call(models.DescribeModelRequest, models.DescribeModelResult),
  'library.list': call(Empty, groups.LibraryList),
  'library.save': call(groups.LibrarySaveRequest, groups.LibrarySaveResult),
  /** The group to insert into a workflow, with the nested groups, images and model schemas it needs. */
  'library.load': call(groups.LibraryIdRequest, groups.LibraryLoadResult),
  'library.delete': call(groups.LibraryIdRequest, Empty),
  /**
   * The renderer tells its host which open documents have unsaved changes, whenever that changes, so the
   * desktop app can ask before closing the window. `names` are shown in that question.
   */
  'window.setDirty': call(z.object({ dirty: z.boolean(), names: z.array(z.string().max(255)).max(100) }), Empty),
} as const;

export type ApiMethod = keyof typeof API;
export type ApiRequest<M extends ApiMethod> = z.input<(typeof API)[M]['request']>;
export type ApiResponse<M extends ApiMethod> = z.output<(typeof API)[M]['response']>;

/** What a host pushes to the renderer without being asked. */
export const ApiEventSchema = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('run'), event: run.RunEventSchema }),
  /** The desktop host asks the renderer to act: a menu item, a file opened from the OS. */
  z.object({
    channel: z.literal('command'),
    command: z.enum(['new', 'open', 'save', 'save-all', 'save-as', 'close', 'undo', 'redo', 'run', 'run-to-selected', 'cancel', 'settings', 'help', 'fit-view']),
  }),
  z.object({ channel: z.literal('document-opened'), document: doc.DocumentSchema }),
  /**
   * After a run, each XY grid node whose cells all succeeded: the grid drawn into the image cache, so the
   * editor can show it (`${imageBase}/<sha256>`) whether or not the node writes it to a folder.
   */
  z.object({ channel: z.literal('grid'), runId: z.string(), node: z.string(), image: OutputRefSchema }),
]);
export type ApiEvent = z.infer<typeof ApiEventSchema>;

/** The renderer's view of the API: one async method per call, plus event subscription. */
export type WeftApi = { [M in ApiMethod]: (request: ApiRequest<M>) => Promise<ApiResponse<M>> } & {
  onEvent(listener: (event: ApiEvent) => void): () => void;
};

/** The name a method has on `window.weft` in the desktop app: 'workflow.saveAs' -> 'workflowSaveAs'. */
export function preloadName(method: ApiMethod): string {
  return method.replace(/\.(\w)/g, (_m, c: string) => c.toUpperCase());
}
