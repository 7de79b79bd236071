// A tiny external store: one immutable state, changed through immer recipes, read by components with
// selectors (useSyncExternalStore), so a component re-renders only when what it selected changes.
import { enablePatches, produce, type Draft } from 'immer';
import { useSyncExternalStore } from 'react';

enablePatches();

export interface Store<S> {
  get(): S;
  update(recipe: (draft: Draft<S>) => void): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<S>(initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    update(recipe) {
      const next = produce(state, recipe);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Selects from a store; the selector must return values that keep their identity when unchanged. */
export function useSelector<S, T>(store: Store<S>, selector: (state: S) => T): T {
  return useSyncExternalStore(store.subscribe, () => selector(store.get()));
}
