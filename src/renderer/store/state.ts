// The shape of the editor's state. A document's workflow is the plain data of the file; everything
// else here (history, compile result, run progress) is derived or session-only and never saved.
import type { Patch } from 'immer';
import type { Workflow } from '../../engine';
import type { ApiResponse, RunEventPayload } from '../../api';

export type CompileResult = ApiResponse<'run.compile'>;
export type AppInfo = ApiResponse<'app.info'>;
export type GalleryItem = ApiResponse<'gallery.list'>['items'][number];
export type RecoveryEntry = ApiResponse<'recovery.list'>['entries'][number];
export type TokenStatus = ApiResponse<'token.status'>;
export type Diagnostic = CompileResult['diagnostics'][number];
export type OutputRef = Extract<RunEventPayload, { type: 'call-succeeded' }>['outputs'][number];
export type NodeInfo = CompileResult['nodes'][string];
export type LibraryEntry = ApiResponse<'library.list'>['entries'][number];
export type DescribedModel = ApiResponse<'models.describe'>;

/** One undoable edit: the patches that made it and those that revert it. */
export interface Step {
  id: number;
  patches: Patch[];
  inverse: Patch[];
  /** Edits with the same key in quick succession (typing, dragging a slider) merge into one step. */
  mergeKey?: string;
  at: number;
  label: string;
}

export type NodePhase = 'queued' | 'uploading' | 'running' | 'succeeded' | 'cached' | 'failed' | 'blocked' | 'canceled';

export interface NodeRun {
  phase: NodePhase;
  percent?: number | null;
  step?: number;
  total?: number;
  error?: string;
  blockedBy?: string;
  outputs?: OutputRef[];
  predictTime?: number;
  cost?: number;
  /** Following a prediction an earlier run left running (adopted, not paid again). */
  resumed?: true;
}

export interface RunView {
  runId: string;
  /** 'starting' until the host says run-started. */
  status: 'starting' | 'running' | 'succeeded' | 'failed' | 'canceled' | 'interrupted';
  only?: string;
  /** The workflow as it was when the run started: its failures stay shown until the user edits. */
  workflow: Workflow;
  nodes: Record<string, NodeRun>;
  totals?: { calls: number; cached: number; ran: number; failed: number; canceled: number; predictTime: number; cost: number; elapsedMs: number };
}

export interface DocState {
  documentId: string;
  name: string;
  displayPath?: string;
  workflow: Workflow;
  past: Step[];
  future: Step[];
  /** The id of the step the file on disk matches (0: the state it was opened in). */
  savedStepId: number;
  /** Warnings from loading (migrations applied, a damaged asset). */
  loadWarnings: Diagnostic[];
  compile?: { result: CompileResult; workflow: Workflow };
  compileError?: string;
  run?: RunView;
  /** The latest outputs of each sampler, from runs and cache hits: what its thumbnails show. */
  outputs: Record<string, OutputRef[]>;
  /** The seed each sampler used last (from history), for "reuse the last seed". */
  lastSeeds: Record<string, number>;
  /** The XY grid each grid node drew after the latest run that reached it (a `grid` event). */
  grids: Record<string, { image: OutputRef; runId: string }>;
  selection: string[];
  /** Node sizes measured by React Flow: kept so re-created node objects never flash unmeasured. */
  measured: Record<string, { width: number; height: number }>;
  /** When the recovery copy of the unsaved changes was last written. */
  autosavedAt?: string;
  /** Set once when the document opens: the viewport to start from (or fit the view). */
  viewport?: { x: number; y: number; zoom: number };
}

export interface Toast {
  id: number;
  kind: 'error' | 'info' | 'success';
  message: string;
}

export type PaletteRequest =
  | { mode: 'add'; at?: { x: number; y: number } }
  /** Opened by dropping a connection on empty canvas: only compatible types, connected on add. */
  | { mode: 'connect'; at: { x: number; y: number }; from: { node: string; port: string; side: 'output' | 'input' } };

export type DialogName = 'settings' | 'help' | 'recent' | 'export';

export interface PathPromptRequest {
  title: string;
  label: string;
  initial: string;
  resolve: (path: string | undefined) => void;
}

export interface ConfirmRequest {
  title: string;
  message: string;
  confirm: string;
  /** A third choice, e.g. "Save" beside "Discard" and "Cancel". */
  alternative?: string;
  resolve: (choice: 'confirm' | 'alternative' | 'cancel') => void;
}

export interface AppState {
  info?: AppInfo;
  docs: Record<string, DocState>;
  /** Tab order. */
  order: string[];
  active?: string;
  toasts: Toast[];
  palette?: PaletteRequest;
  dialog?: DialogName;
  pathPrompt?: PathPromptRequest;
  confirm?: ConfirmRequest;
  galleryOpen: boolean;
  gallery: GalleryItem[];
  /** An output opened large (and compared with its input when `compareWith` is set). */
  viewer?: { sha256: string; compareWith?: string; title: string };
  /** The mask painter, open over a mask node. */
  maskPainter?: { documentId: string; nodeId: string };
  recoveryOffer: RecoveryEntry[];
  tokenStatus?: TokenStatus;
  connection: 'open' | 'lost';
  /** Which document each run belongs to, so its events update the right tab. */
  runOwners: Record<string, string>;
  /**
   * The label of each swept call of a run ("seed=2, guidance=3.5"), by run id and call id, taken from the
   * compile the run was started from: the gallery shows which variant an output is. Session only.
   */
  variantLabels: Record<string, Record<string, string>>;
  /** "Add Replicate model…": open, with where the node goes. */
  modelPicker?: { at?: { x: number; y: number } };
  libraryOpen: boolean;
  library: { entries: LibraryEntry[]; problems: string[] };
}

export const initialState: AppState = {
  docs: {},
  order: [],
  toasts: [],
  galleryOpen: false,
  gallery: [],
  recoveryOffer: [],
  connection: 'open',
  runOwners: {},
  variantLabels: {},
  libraryOpen: false,
  library: { entries: [], problems: [] },
};
