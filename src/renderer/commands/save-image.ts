// Saving an output to disk: a native dialog on the desktop; in a browser, a path typed by the user
// (on the computer running Weft). The host embeds the provenance of the run that made the image (its
// workflow, seeds pinned) when told which run that was, so the saved file reopens as its workflow; when it
// cannot, the file is saved as it is and the user is told why.
import type { ApiRequest, ApiResponse } from '../../api';
import { api } from '../api/client';
import { appStore } from '../store/app-store';
import type { AppState } from '../store/state';
import { reportError, toast } from '../store/toasts';
import { askPath } from './dialogs';

/** Which output of which run an image is (run id, call id as history has it, output index from 0). */
export type ImageSource = NonNullable<ApiRequest<'images.save'>['source']>;
type SaveAnswer = ApiResponse<'images.save'>;

export async function saveImage(sha256: string, suggestedName: string, source?: ImageSource): Promise<void> {
  try {
    let target: { kind: 'dialog'; suggestedName: string } | { kind: 'path'; path: string } = { kind: 'dialog', suggestedName };
    if (appStore.get().info?.host !== 'electron') {
      const path = await askPath('Save image', 'Where to save it: a path on the computer running Weft', suggestedName);
      if (!path) return;
      target = { kind: 'path', path };
    }
    const result = await api()['images.save']({ sha256, target, ...(source ? { source } : {}) });
    const said = savedMessage(result);
    if (said) toast(said.message, said.kind);
  } catch (error) {
    reportError(error, 'Could not save the image');
  }
}

/** What to tell the user about a save: a note when the image went out without its workflow. */
export function savedMessage(result: SaveAnswer): { message: string; kind: 'success' | 'info' } | undefined {
  if ('canceled' in result) return undefined;
  if (result.withoutWorkflow) return { message: `Saved ${result.savedTo} without its workflow: ${result.withoutWorkflow.message}`, kind: 'info' };
  if (result.warning) return { message: `Saved ${result.savedTo}; ${result.warning}`, kind: 'info' };
  return { message: `Saved ${result.savedTo} with its workflow`, kind: 'success' };
}

/**
 * Which run made an image, from what this window knows: the gallery (run history), then each open
 * document's latest run. Undefined for an image no run here made (an XY grid, an imported image).
 */
export function imageSourceOf(state: Pick<AppState, 'gallery' | 'docs'>, sha256: string): ImageSource | undefined {
  const item = state.gallery.find((i) => i.output.sha256 === sha256);
  if (item) return { runId: item.runId, node: item.node, index: item.index };
  for (const doc of Object.values(state.docs)) {
    const run = doc.run;
    // Until run-started the run has no id history knows.
    if (!run || run.status === 'starting') continue;
    for (const [node, call] of Object.entries(run.nodes)) {
      const index = call.outputs?.findIndex((o) => o.sha256 === sha256) ?? -1;
      if (index >= 0) return { runId: run.runId, node, index };
    }
  }
  return undefined;
}

/**
 * `<node>-<n>` (n from 1, as the gallery counts), plus the extension when the type is known (the host
 * adds it otherwise). Call ids from groups hold a slash and swept ones a `#`: no file name takes them.
 */
export function outputFileName(node: string, index: number, mediaType?: string): string {
  const base = `${node.replace(/[/\\:*?"<>|#\u0000-\u001f]/g, '_')}-${index + 1}`;
  return mediaType ? `${base}.${extensionOf(mediaType)}` : base;
}

export function extensionOf(mediaType: string | undefined): string {
  return mediaType === 'image/jpeg' ? 'jpg' : mediaType === 'image/webp' ? 'webp' : 'png';
}
