// The documents open in this process: an opaque id per document, mapped to the file it was opened from
// or saved to (or to nothing, for a new or example workflow). The renderer only ever holds the id, so a
// save can only write where the user chose to open or save, never to a path the renderer made up.
import { basename, extname } from 'node:path';
import { newOpaqueId } from '../ids';

export interface OpenDocument {
  id: string;
  /** Absolute path of its file; undefined until it is saved somewhere. */
  path: string | undefined;
}

export class DocumentRegistry {
  private readonly documents = new Map<string, OpenDocument>();

  /** Registers a document; `id` is given only when restoring one the renderer already knows. */
  add(path: string | undefined, id: string = newOpaqueId()): OpenDocument {
    const document = { id, path };
    this.documents.set(id, document);
    return document;
  }

  get(id: string): OpenDocument | undefined {
    return this.documents.get(id);
  }

  findByPath(path: string): OpenDocument | undefined {
    for (const document of this.documents.values()) if (document.path === path) return document;
    return undefined;
  }

  setPath(id: string, path: string): OpenDocument {
    const document = this.documents.get(id) ?? this.add(path, id);
    document.path = path;
    return document;
  }
}

/** What the user calls a document: its file name without `.weft`, else the workflow's own name. */
export function documentName(path: string | undefined, workflowName: string | undefined): string {
  if (path) return basename(path, extname(path));
  return workflowName?.trim() || 'Untitled';
}
