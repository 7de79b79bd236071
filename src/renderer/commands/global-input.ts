// Window-wide input: keyboard shortcuts, copy/cut/paste of nodes through the system clipboard (as JSON,
// so it works between windows), pasted images, and a .weft dropped anywhere on the window.
import { appStore } from '../store/app-store';
import { canvas } from '../canvas/canvas-bridge';
import { isImageFile } from '../lib/images';
import { deleteSelection, pasteText, selectionFragment } from './edit-commands';
import { openWorkflowFile } from './file-commands';
import { openOrImportImage, setImageFromFile } from './image-commands';
import { handleShortcut, isTyping } from './shortcuts';

function modalOpen(): boolean {
  const s = appStore.get();
  return Boolean(s.palette || s.dialog || s.pathPrompt || s.confirm || s.maskPainter || s.viewer || s.modelPicker);
}

/** Copying with text selected on the page copies the text, as everywhere else. */
function textSelected(): boolean {
  const selection = window.getSelection();
  return Boolean(selection && !selection.isCollapsed && selection.toString().trim());
}

export function installGlobalInput(): () => void {
  const onKey = (event: KeyboardEvent) => {
    handleShortcut(event, modalOpen());
  };

  const onCopy = (event: ClipboardEvent, cut: boolean) => {
    if (isTyping(event.target) || textSelected() || modalOpen()) return;
    const fragment = selectionFragment();
    if (!fragment || !event.clipboardData) return;
    event.clipboardData.setData('text/plain', JSON.stringify(fragment));
    event.preventDefault();
    if (cut) deleteSelection();
  };

  const onPaste = (event: ClipboardEvent) => {
    if (isTyping(event.target) || modalOpen()) return;
    const state = appStore.get();
    const doc = state.active ? state.docs[state.active] : undefined;
    const data = event.clipboardData;
    if (!doc || !data) return;
    const image = [...data.files].find(isImageFile);
    if (image) {
      event.preventDefault();
      // Pasting onto a selected image node replaces its image; otherwise an image Weft saved opens its
      // workflow, and any other becomes a new image node.
      const target = doc.selection.length === 1 ? doc.workflow.nodes.find((n) => n.id === doc.selection[0] && n.type === 'image') : undefined;
      if (target) void setImageFromFile(doc.documentId, target.id, image);
      else void openOrImportImage(image, { documentId: doc.documentId, at: canvas()?.visibleCentre() ?? { x: 0, y: 0 } });
      return;
    }
    const text = data.getData('text/plain');
    if (text && pasteText(text, canvas()?.visibleCentre())) event.preventDefault();
  };

  const onDragOver = (event: DragEvent) => {
    if ([...(event.dataTransfer?.types ?? [])].includes('Files')) event.preventDefault();
  };
  const onDrop = (event: DragEvent) => {
    const files = [...(event.dataTransfer?.files ?? [])];
    const file = files.find((f) => /\.weft$/i.test(f.name) || f.type === 'application/json');
    const image = files.find(isImageFile);
    if (file) {
      event.preventDefault();
      void openWorkflowFile(file);
    } else if (image) {
      // Outside the canvas (which takes its own drops): an image Weft saved opens its workflow.
      event.preventDefault();
      const state = appStore.get();
      void openOrImportImage(image, state.active ? { documentId: state.active, at: canvas()?.visibleCentre() ?? { x: 0, y: 0 } } : undefined);
    } else if ([...(event.dataTransfer?.types ?? [])].includes('Files')) {
      // A file dropped outside the canvas must not make the browser navigate away from the editor.
      event.preventDefault();
    }
  };

  const copy = (e: ClipboardEvent) => onCopy(e, false);
  const cut = (e: ClipboardEvent) => onCopy(e, true);
  window.addEventListener('keydown', onKey);
  document.addEventListener('copy', copy);
  document.addEventListener('cut', cut);
  document.addEventListener('paste', onPaste);
  window.addEventListener('dragover', onDragOver);
  window.addEventListener('drop', onDrop);
  return () => {
    window.removeEventListener('keydown', onKey);
    document.removeEventListener('copy', copy);
    document.removeEventListener('cut', cut);
    document.removeEventListener('paste', onPaste);
    window.removeEventListener('dragover', onDragOver);
    window.removeEventListener('drop', onDrop);
  };
}
