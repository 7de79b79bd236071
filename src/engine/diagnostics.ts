// What the compiler and the loader tell the user about a workflow. Every diagnostic is located (a node,
// and where it applies a port, a param or an edge) so the UI can mark the exact place and the CLI can
// print "node s1: param num_outputs must be between 1 and 4".

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  message: string;
  /** The node the diagnostic is about; absent only for whole-workflow problems. */
  node?: string;
  port?: string;
  param?: string;
  edge?: string;
  /**
   * Set when the problem is inside a group: `node` is then the group node on the canvas, and this says
   * where inside it (the inner node's path, `s1` or `inner/s1` for a nested group; the inner param, port
   * or edge). The message already names the inner node, for readers that show only the message.
   */
  inner?: InnerLocation;
  /** A stable machine-readable name for tests and for the UI to pick an icon or a fix. */
  code: string;
}

export interface InnerLocation {
  /** Absent only for an edge inside a group whose target is missing. */
  node?: string;
  port?: string;
  param?: string;
  edge?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.edge ? `edge ${d.edge}` : d.node ? `node ${d.node}` : 'workflow';
  const what = d.edge ? '' : d.param ? `param ${d.param} ` : d.port ? `input ${d.port}: ` : '';
  return `${d.severity}: ${where}: ${what}${d.message}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
