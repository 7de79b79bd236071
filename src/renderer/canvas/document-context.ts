// The document a canvas shows, for the node components inside it (React Flow renders them, so the id
// cannot travel as a prop without being copied into every node's data).
import { createContext, useContext } from 'react';

export const DocumentContext = createContext<string>('');

export function useDocumentId(): string {
  return useContext(DocumentContext);
}
