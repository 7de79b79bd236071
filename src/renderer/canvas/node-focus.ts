// Which node of the canvas holds the keyboard focus (its box, or a control inside it). A node drawn as a
// summary when zoomed out is drawn in full while focused; each node subscribes to whether it is the one,
// so a change of focus re-renders the two nodes concerned, not the whole graph.
import { useSyncExternalStore } from 'react';

let focused = '';
const listeners = new Set<() => void>();

const key = (documentId: string, nodeId: string) => `${documentId}\n${nodeId}`;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function setFocusedNode(documentId: string, nodeId: string | undefined): void {
  const next = nodeId ? key(documentId, nodeId) : '';
  if (next === focused) return;
  focused = next;
  for (const listener of listeners) listener();
}

export function useNodeFocused(documentId: string, nodeId: string): boolean {
  const mine = key(documentId, nodeId);
  return useSyncExternalStore(subscribe, () => focused === mine);
}
