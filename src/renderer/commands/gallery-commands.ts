// The gallery: every output of past runs with its provenance, newest first.
import { castDraft } from 'immer';
import { api } from '../api/client';
import { appStore } from '../store/app-store';
import { reportError } from '../store/toasts';

export async function refreshGallery(): Promise<void> {
  try {
    const { items } = await api()['gallery.list']({ limit: 200 });
    appStore.update((state) => {
      state.gallery = castDraft(items);
    });
  } catch (error) {
    reportError(error, 'Could not load the gallery');
  }
}

export function toggleGallery(open?: boolean): void {
  appStore.update((state) => {
    state.galleryOpen = open ?? !state.galleryOpen;
    // One side panel at a time: the canvas keeps its room.
    if (state.galleryOpen) state.libraryOpen = false;
  });
  if (appStore.get().galleryOpen) void refreshGallery();
}

export function openViewer(sha256: string, title: string, compareWith?: string): void {
  appStore.update((state) => {
    state.viewer = { sha256, title, ...(compareWith ? { compareWith } : {}) };
  });
}

export function closeViewer(): void {
  appStore.update((state) => {
    delete state.viewer;
  });
}
