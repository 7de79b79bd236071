// Open, save, recent files, examples, autosave and recovery. The renderer never names a file path for
// the desktop host: files come from native dialogs, the recent list or the OS, and are referred to by an
// opaque document id. Only the browser host, whose user types paths into its own prompt, accepts `path`.
import { z } from 'zod';
import { DiagnosticSchema, WorkflowPayload } from './common';

export const DocumentId = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/);

export const DocumentSchema = z.object({
  documentId: DocumentId,
  /** Shown to the user (title bar, recent list); never sent back as a path. */
  displayPath: z.string().optional(),
  name: z.string(),
  workflow: WorkflowPayload,
  /** Problems found while loading (a damaged asset, migrations applied...). */
  warnings: z.array(DiagnosticSchema),
  migrations: z.array(z.string()),
});
export type DocumentPayload = z.infer<typeof DocumentSchema>;

export const OpenSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dialog') }),
  z.object({ kind: z.literal('recent'), id: z.string() }),
  z.object({ kind: z.literal('example'), id: z.string() }),
  /** A file the user dropped or picked in the browser: its name and text. */
  z.object({ kind: z.literal('text'), name: z.string().max(255), text: z.string() }),
  /** An image Weft saved, dropped on the window: its embedded workflow is opened. */
  z.object({ kind: z.literal('image'), name: z.string().max(255), base64: z.string() }),
  z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
]);

export const OpenResult = z.union([z.object({ document: DocumentSchema }), z.object({ canceled: z.literal(true) })]);

export const SaveRequest = z.object({ documentId: DocumentId, workflow: WorkflowPayload });
export const SaveAsRequest = z.object({
  documentId: DocumentId,
  workflow: WorkflowPayload,
  target: z.discriminatedUnion('kind', [z.object({ kind: z.literal('dialog') }), z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) })]),
});
export const SaveResult = z.union([
  z.object({ saved: z.literal(true), displayPath: z.string(), name: z.string(), savedAt: z.string() }),
  /** The document has no file yet: the UI asks for one with saveAs. */
  z.object({ saved: z.literal(false), needsTarget: z.literal(true) }),
  z.object({ canceled: z.literal(true) }),
]);

export const RecentEntry = z.object({ id: z.string(), name: z.string(), displayPath: z.string(), openedAt: z.string() });
export const RecentList = z.object({ entries: z.array(RecentEntry) });

export const ExampleEntry = z.object({ id: z.string(), name: z.string(), description: z.string() });
export const ExampleList = z.object({ examples: z.array(ExampleEntry) });

export const AutosaveRequest = z.object({ documentId: DocumentId, workflow: WorkflowPayload, name: z.string(), displayPath: z.string().optional() });
export const RecoveryEntry = z.object({ documentId: DocumentId, name: z.string(), displayPath: z.string().optional(), savedAt: z.string() });
export const RecoveryList = z.object({ entries: z.array(RecoveryEntry) });
export const RecoveryRequest = z.object({ documentId: DocumentId });
