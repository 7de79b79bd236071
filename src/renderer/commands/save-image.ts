// Saving an output to disk: a native dialog on the desktop; in a browser, a path typed by the user
// (on the computer running Weft) or the browser's own download.
import { api } from '../api/client';
import { appStore } from '../store/app-store';
import { reportError, toast } from '../store/toasts';
import { askPath } from './dialogs';

export async function saveImage(sha256: string, suggestedName: string): Promise<void> {
  try {
    let target: { kind: 'dialog'; suggestedName: string } | { kind: 'path'; path: string } = { kind: 'dialog', suggestedName };
    if (appStore.get().info?.host !== 'electron') {
      const path = await askPath('Save image', 'Where to save it: a path on the computer running Weft', suggestedName);
      if (!path) return;
      target = { kind: 'path', path };
    }
    const result = await api()['images.save']({ sha256, target });
    if ('savedTo' in result) toast(`Saved ${result.savedTo}`, 'success');
  } catch (error) {
    reportError(error, 'Could not save the image');
  }
}

export function extensionOf(mediaType: string | undefined): string {
  return mediaType === 'image/jpeg' ? 'jpg' : mediaType === 'image/webp' ? 'webp' : 'png';
}
