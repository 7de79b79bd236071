// Writing a workflow back to text. Keys keep the order they were read in (unknown ones included), so a
// load/save round trip of a file Weft wrote is byte for byte the same.
import type { Workflow } from './schema';

export function serializeWorkflow(workflow: Workflow): string {
  // Assets go last: they are long base64 strings and a reader of the file wants the graph first.
  const { assets, ...rest } = workflow;
  return `${JSON.stringify({ ...rest, assets }, null, 2)}\n`;
}
