// "Export script…": the workflow (or what one node needs) as a runnable Node, Python or curl script, written
// with the images it uploads into a folder: a native folder dialog on the desktop, a typed folder path in
// a browser (on the computer running Weft).
import type { ApiResponse } from '../../api';
import type { ExportFormat } from '../../engine';
import { api } from '../api/client';
import { appStore } from '../store/app-store';
import { toast } from '../store/toasts';

export interface ExportChoice {
  format: ExportFormat;
  /** A canvas node: only its calls and what they wait for. */
  only?: string | undefined;
  /** Browser host: the folder typed by the user. Desktop: undefined, a dialog asks. */
  folder?: string | undefined;
}

export type ExportAnswer = ApiResponse<'workflow.export'>;

export const FORMAT_LABELS: Record<ExportFormat, string> = { node: 'Node (replicate client)', python: 'Python (replicate package)', curl: 'curl (shell)' };

/** Exports the active document; throws the host's sentence when it cannot (the dialog shows it). */
export async function exportScript(choice: ExportChoice): Promise<ExportAnswer | undefined> {
  const state = appStore.get();
  const doc = state.active ? state.docs[state.active] : undefined;
  if (!doc) return undefined;
  const target = choice.folder !== undefined ? { kind: 'path' as const, path: choice.folder } : { kind: 'dialog' as const };
  const result = await api()['workflow.export']({
    documentId: doc.documentId,
    workflow: doc.workflow,
    format: choice.format,
    ...(choice.only ? { only: choice.only } : {}),
    target,
  });
  if ('script' in result) {
    const images = result.images.length ? ` and ${result.images.length} image${result.images.length === 1 ? '' : 's'}` : '';
    toast(`Exported ${result.script}${images} to ${result.folder}`, 'success');
  }
  return result;
}
