// Short messages at the corner of the window. Errors stay until dismissed or replaced by a few more.
import { appStore } from './app-store';
import type { Toast } from './state';
import { errorMessage, isCanceled } from '../api/api-error';

let nextToastId = 1;
const MAX_TOASTS = 4;

export function toast(message: string, kind: Toast['kind'] = 'info'): void {
  const id = nextToastId++;
  appStore.update((state) => {
    // The same message twice in a row (a repeated refusal) is shown once.
    if (state.toasts.at(-1)?.message === message) return;
    state.toasts.push({ id, kind, message });
    if (state.toasts.length > MAX_TOASTS) state.toasts.shift();
  });
  if (kind !== 'error') setTimeout(() => dismissToast(id), kind === 'success' ? 3000 : 5000);
  else setTimeout(() => dismissToast(id), 8000);
}

export function dismissToast(id: number): void {
  appStore.update((state) => {
    state.toasts = state.toasts.filter((t) => t.id !== id);
  });
}

/** Shows a failed call to the user; canceled dialogs are not failures. */
export function reportError(error: unknown, doing?: string): void {
  if (isCanceled(error)) return;
  const message = errorMessage(error);
  toast(doing ? `${doing}: ${message}` : message, 'error');
}
