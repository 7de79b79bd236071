// What the update dialogs say. Shaped like Electron's MessageBoxOptions so they pass to dialog as they
// are. The first button moves forward; Escape (cancelId) is always the button that changes nothing.

export interface UpdateMessage {
  type: 'info' | 'warning';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  noLink: true;
}

const KEPT = 'Your workflows, cache, run history and settings are kept: they live outside the application folder.';

export function offerMessage(version: string, currentVersion: string): UpdateMessage {
  return {
    type: 'info',
    title: 'Update available',
    message: `Weft ${version} is available`,
    detail: `You have Weft ${currentVersion}. The update downloads in the background and is installed the next time you quit Weft. ${KEPT}`,
    buttons: ['Download and restart later', 'Not now'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  };
}

export function readyMessage(version: string): UpdateMessage {
  return {
    type: 'info',
    title: 'Update ready',
    message: `Weft ${version} will be installed when you quit Weft`,
    detail: 'Keep working: nothing changes until you quit. Weft asks about unsaved work before it closes, as always.',
    buttons: ['OK'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
}

export function upToDateMessage(currentVersion: string): UpdateMessage {
  return { type: 'info', title: 'No update', message: `Weft ${currentVersion} is the latest version`, detail: '', buttons: ['OK'], defaultId: 0, cancelId: 0, noLink: true };
}

export function checkFailedMessage(error: string): UpdateMessage {
  return {
    type: 'warning',
    title: 'Update check failed',
    message: 'Weft could not check for updates',
    detail: `${error}\n\nReleases are also listed on the project's GitHub page.`,
    buttons: ['OK'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
}

export function downloadFailedMessage(error: string): UpdateMessage {
  return {
    type: 'warning',
    title: 'Update failed',
    message: 'The update could not be downloaded',
    detail: `${error}\n\nNothing was changed. Weft will offer the update again at its next start.`,
    buttons: ['OK'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
}
