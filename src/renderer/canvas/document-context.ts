// The document a canvas shows, for the node components inside it (React Flow renders them, so the id
// cannot travel as a prop without being copied into every node's data). Likewise whether the canvas is
// zoomed out too far for a node's form to be read: one subscription to the viewport for the whole canvas
// rather than one per node, which every pan, zoom and drag would make each node re-check.
import { createContext, useContext } from 'react';

export const DocumentContext = createContext<string>('');

export function useDocumentId(): string {
  return useContext(DocumentContext);
}

export const FarAwayContext = createContext<boolean>(false);

/** True when the canvas is zoomed out below the level at which node forms are drawn. */
export function useFarAway(): boolean {
  return useContext(FarAwayContext);
}
