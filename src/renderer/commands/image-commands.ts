// Getting images into a workflow: from a file dialog, a drop, a paste, a URL or an output in the gallery.
// Every one goes through the host's images.import (which checks and hashes the bytes) and lands in the
// workflow as an embedded asset, so the file is self-contained.
import type { ApiResponse } from '../../api';
import { api } from '../api/client';
import { ApiCallError } from '../api/api-error';
import { blobToBase64 } from '../lib/base64';
import { appStore } from '../store/app-store';
import { setSelection } from '../store/documents';
import { editWorkflow } from '../store/history';
import { reportError, toast } from '../store/toasts';
import { addNode, setImageSource, setNodeAsset } from '../store/workflow-edits';
import { pickFile } from './dialogs';
import { opened } from './file-commands';

type Imported = Extract<ApiResponse<'images.import'>, { sha256: string }>;

/** The params an image node reads its bytes from; setting one clears the others. */
export const IMAGE_SOURCE_PARAMS = ['path', 'url', 'asset'] as const;

async function importFile(file: File): Promise<Imported | undefined> {
  const result = await api()['images.import']({ kind: 'bytes', base64: await blobToBase64(file), name: file.name.slice(0, 255) });
  return 'sha256' in result ? result : undefined;
}

function embedImport(documentId: string, nodeId: string, imported: Imported, label: string): void {
  editWorkflow(documentId, { label }, (workflow) =>
    setNodeAsset(workflow, nodeId, imported.sha256, { type: imported.mediaType, data: imported.data }, IMAGE_SOURCE_PARAMS),
  );
}

export async function chooseImageFor(documentId: string, nodeId: string): Promise<void> {
  try {
    let imported: Imported | undefined;
    if (appStore.get().info?.host === 'electron') {
      const result = await api()['images.import']({ kind: 'dialog' });
      imported = 'sha256' in result ? result : undefined;
    } else {
      const file = await pickFile('image/png,image/jpeg,image/webp');
      imported = file ? await importFile(file) : undefined;
    }
    if (imported) embedImport(documentId, nodeId, imported, 'choose image');
  } catch (error) {
    reportError(error, 'Could not import the image');
  }
}

export async function setImageFromFile(documentId: string, nodeId: string, file: File): Promise<void> {
  try {
    const imported = await importFile(file);
    if (imported) embedImport(documentId, nodeId, imported, 'drop image');
  } catch (error) {
    reportError(error, `Could not import ${file.name}`);
  }
}

export async function setImageFromUrl(documentId: string, nodeId: string, url: string): Promise<void> {
  try {
    const result = await api()['images.import']({ kind: 'url', url });
    if ('sha256' in result) embedImport(documentId, nodeId, result, 'image from URL');
  } catch (error) {
    reportError(error, 'Could not fetch the image');
    // Keep what the user typed: the runtime reads https URLs itself when the workflow runs.
    editWorkflow(documentId, { label: 'image URL' }, (workflow) => setImageSource(workflow, nodeId, 'url', url, IMAGE_SOURCE_PARAMS));
  }
}

/** A new image node at `at` holding an imported image (a drop or paste on the canvas, a gallery output). */
export async function addImageNode(documentId: string, at: { x: number; y: number }, source: { file: File } | { sha256: string }): Promise<boolean> {
  try {
    const imported =
      'file' in source
        ? await importFile(source.file)
        : await api()['images.import']({ kind: 'blob', sha256: source.sha256 }).then((r) => ('sha256' in r ? r : undefined));
    if (!imported) return false;
    const id = editWorkflow(documentId, { label: 'add image' }, (workflow) => {
      const nodeId = addNode(workflow, 'image', at);
      setNodeAsset(workflow, nodeId, imported.sha256, { type: imported.mediaType, data: imported.data }, IMAGE_SOURCE_PARAMS);
      return nodeId;
    });
    if (id) setSelection(documentId, [id]);
    return Boolean(id);
  } catch (error) {
    reportError(error, 'Could not add the image');
    return false;
  }
}

/** The host's answer for an image without a Weft workflow in it (as opposed to one it cannot read). */
function carriesNoWorkflow(error: unknown): boolean {
  return error instanceof ApiCallError && error.code === 'bad-request' && /carries no Weft workflow|not a PNG, JPEG or WebP/.test(error.message);
}

/**
 * An image file dropped or pasted on the window. An image Weft saved carries its workflow: that opens as a
 * new document. Any other image is added to `place` as an image node, as before (or, with no workflow
 * open, the user is told it holds no workflow). A toast says which happened.
 */
export async function openOrImportImage(file: File, place: { documentId: string; at: { x: number; y: number } } | undefined): Promise<void> {
  try {
    const result = await api()['workflow.open']({ kind: 'image', name: file.name.slice(0, 255) || 'image', base64: await blobToBase64(file) });
    if (opened(result)) toast(`Opened the workflow saved in ${file.name}`, 'success');
    return;
  } catch (error) {
    if (!carriesNoWorkflow(error)) {
      reportError(error, `Could not open the workflow in ${file.name}`);
      return;
    }
  }
  if (!place) {
    toast(`${file.name} carries no Weft workflow: open or create a workflow to add it as an image`, 'info');
    return;
  }
  if (await addImageNode(place.documentId, place.at, { file })) toast(`Added ${file.name} as an image node (it carries no Weft workflow)`, 'info');
}
