// The editor's single store and the hooks to read it.
import { useSelector } from './store';
import { createStore } from './store';
import { initialState, type AppState, type DocState } from './state';

export const appStore = createStore<AppState>(initialState);

export function useApp<T>(selector: (state: AppState) => T): T {
  return useSelector(appStore, selector);
}

export function activeDoc(state: AppState): DocState | undefined {
  return state.active ? state.docs[state.active] : undefined;
}

export function useActiveDoc<T>(selector: (doc: DocState) => T, fallback: T): T {
  return useApp((state) => {
    const doc = activeDoc(state);
    return doc ? selector(doc) : fallback;
  });
}
