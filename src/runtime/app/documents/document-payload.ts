// A document as the renderer receives it: an opaque id, a name and a path to show, the workflow, and
// what loading it had to say (damaged assets, migrations applied).
import type { Diagnostic, Workflow } from '../../../engine';
import { documentName, type OpenDocument } from './document-registry';

export interface DocumentView {
  documentId: string;
  displayPath?: string;
  name: string;
  workflow: Workflow;
  warnings: Diagnostic[];
  migrations: string[];
}

export function documentView(document: OpenDocument, workflow: Workflow, warnings: Diagnostic[] = [], migrations: string[] = []): DocumentView {
  return {
    documentId: document.id,
    ...(document.path ? { displayPath: document.path } : {}),
    name: documentName(document.path, workflow.name),
    workflow,
    warnings,
    migrations,
  };
}
