// Native file dialogs and questions. The renderer never names a path for the desktop host: every file it
// opens or writes comes from one of these dialogs, the recent list or the OS (see src/api/documents.ts).
import { dialog, type BrowserWindow } from 'electron';
import type { CloseChoice } from './unsaved-changes-guard';

const WORKFLOW_FILTERS = [{ name: 'Weft workflow', extensions: ['weft'] }];
const IMPORT_FILTERS = [{ name: 'Images', extensions: ['png', 'jpg', 'jpeg', 'webp', 'gif'] }];
const SAVE_IMAGE_FILTERS = [{ name: 'Images', extensions: ['png', 'jpg', 'jpeg', 'webp'] }];

/** The window dialogs attach to (sheet on macOS), if any is open. */
export type ParentWindow = () => BrowserWindow | undefined;

async function chooseFile(parent: ParentWindow, title: string, filters: Electron.FileFilter[]): Promise<string | undefined> {
  const options: Electron.OpenDialogOptions = { title, filters, properties: ['openFile'] };
  const window = parent();
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled ? undefined : result.filePaths[0];
}

/** A folder to export a script into; the suggested name is the folder the user is offered to create. */
async function chooseFolder(parent: ParentWindow, title: string, suggestedName: string): Promise<string | undefined> {
  const options: Electron.OpenDialogOptions = { title, defaultPath: suggestedName, buttonLabel: 'Export here', properties: ['openDirectory', 'createDirectory', 'promptToCreate'] };
  const window = parent();
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled ? undefined : result.filePaths[0];
}

async function chooseSavePath(parent: ParentWindow, title: string, suggestedName: string, filters: Electron.FileFilter[]): Promise<string | undefined> {
  const options: Electron.SaveDialogOptions = { title, defaultPath: suggestedName, filters, properties: ['showOverwriteConfirmation', 'createDirectory'] };
  const window = parent();
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? undefined : result.filePath;
}

export function fileDialogs(parent: ParentWindow) {
  return {
    chooseWorkflowToOpen: () => chooseFile(parent, 'Open workflow', WORKFLOW_FILTERS),
    chooseWorkflowSavePath: (suggestedName: string) => chooseSavePath(parent, 'Save workflow', suggestedName, WORKFLOW_FILTERS),
    chooseImageToImport: () => chooseFile(parent, 'Import image', IMPORT_FILTERS),
    chooseImageSavePath: (suggestedName: string) => chooseSavePath(parent, 'Save image', suggestedName, SAVE_IMAGE_FILTERS),
    chooseExportFolder: (suggestedName: string) => chooseFolder(parent, 'Export script', suggestedName),
  };
}

function describeUnsaved(names: readonly string[]): string {
  if (names.length === 0) return 'Do you want to save your changes before closing?';
  if (names.length === 1) return `Do you want to save the changes to “${names[0]}” before closing?`;
  return `${names.length} workflows have unsaved changes: ${names.map((n) => `“${n}”`).join(', ')}. Save them before closing?`;
}

export async function askAboutUnsavedChanges(window: BrowserWindow, names: readonly string[]): Promise<CloseChoice> {
  const { response } = await dialog.showMessageBox(window, {
    type: 'warning',
    message: describeUnsaved(names),
    detail: 'Your changes will be lost if you do not save them.',
    buttons: [names.length > 1 ? 'Save All' : 'Save', "Don't Save", 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  });
  return response === 0 ? 'save' : response === 1 ? 'discard' : 'cancel';
}

export function showError(window: BrowserWindow | undefined, message: string, detail: string): void {
  const options: Electron.MessageBoxOptions = { type: 'error', message, detail, buttons: ['OK'] };
  // Best effort: before 'ready' (a failed start) no dialog can be shown, and the log has the details.
  void (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options)).catch(() => {});
}
