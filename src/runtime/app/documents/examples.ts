// The example workflows shipped in resources/examples. An example is named by its file name without
// `.weft`; a requested id is looked up in the folder's listing, never joined onto a path as given.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readWorkflowFile, type WorkflowFileResult } from '../../workflow/workflow-file';

export interface ExampleView {
  id: string;
  name: string;
  description: string;
}

export class Examples {
  constructor(private readonly folder: string) {}

  async list(): Promise<ExampleView[]> {
    const examples: ExampleView[] = [];
    for (const id of await this.ids()) {
      const read = await readWorkflowFile(join(this.folder, `${id}.weft`));
      if (!read.ok) continue;
      const ui = read.workflow.ui;
      const description = typeof ui?.description === 'string' ? ui.description : describe(read.workflow.nodes.map((node) => node.type));
      examples.push({ id, name: read.workflow.name ?? id, description });
    }
    return examples;
  }

  /** The example's workflow, or undefined when there is no example with this id. */
  async read(id: string): Promise<WorkflowFileResult | undefined> {
    if (!(await this.ids()).includes(id)) return undefined;
    return readWorkflowFile(join(this.folder, `${id}.weft`));
  }

  private async ids(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch {
      return [];
    }
    return names
      .filter((name) => name.endsWith('.weft'))
      .map((name) => name.slice(0, -'.weft'.length))
      .sort();
  }
}

/** "2 samplers, 2 loras, 1 prompt": enough to tell examples apart when a file carries no description. */
function describe(types: string[]): string {
  const counts = new Map<string, number>();
  for (const type of types) counts.set(type, (counts.get(type) ?? 0) + 1);
  return [...counts].map(([type, count]) => `${count} ${type}${count > 1 ? 's' : ''}`).join(', ');
}
