// Reading a `.weft` file: JSON, then the format and version, then migrations, then the schema. Any
// problem that stops the file from being read is one clear, located sentence; problems inside a readable
// file (a param out of range, a dangling edge) are left to validation, so the user can open and fix it.
import { z } from 'zod';
import { CURRENT_WORKFLOW_VERSION, WORKFLOW_FORMAT, WorkflowSchema, type Workflow } from './schema';
import { canMigrate, MIGRATIONS, migrate, type Migration } from './migrations';

export type LoadResult =
  | { ok: true; workflow: Workflow; migrations: string[] }
  | { ok: false; error: string };

export function loadWorkflowText(text: string, migrations: readonly Migration[] = MIGRATIONS): LoadResult {
  const document = parseJson(text);
  if ('error' in document) return { ok: false, error: document.error };
  return loadWorkflowDocument(document.value, migrations);
}

export function loadWorkflowDocument(value: unknown, migrations: readonly Migration[] = MIGRATIONS): LoadResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'not a Weft workflow: the file holds no JSON object' };
  }
  const raw = value as Record<string, unknown>;
  if (raw.format !== WORKFLOW_FORMAT) {
    const found = raw.format === undefined ? 'it has no "format" field' : `its format is ${JSON.stringify(raw.format)}`;
    return { ok: false, error: `not a Weft workflow: ${found} (expected "${WORKFLOW_FORMAT}")` };
  }
  const version = raw.version;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return { ok: false, error: `not a readable Weft workflow: "version" is ${JSON.stringify(version)}, expected a whole number` };
  }
  if (version > CURRENT_WORKFLOW_VERSION) {
    return {
      ok: false,
      error: `file is version ${version}; this Weft reads up to ${CURRENT_WORKFLOW_VERSION}: update Weft to open it`,
    };
  }
  let migrated: Record<string, unknown> = raw;
  let applied: string[] = [];
  if (version < CURRENT_WORKFLOW_VERSION) {
    if (!canMigrate(version, CURRENT_WORKFLOW_VERSION, migrations)) {
      return { ok: false, error: `file is version ${version}, which no release of Weft wrote: it cannot be read` };
    }
    const outcome = migrate(raw, version, CURRENT_WORKFLOW_VERSION, migrations);
    migrated = outcome.document;
    applied = outcome.applied;
  }
  const parsed = WorkflowSchema.safeParse(migrated);
  if (!parsed.success) return { ok: false, error: describeSchemaError(parsed.error, migrated) };
  const duplicate = findDuplicateIds(parsed.data);
  if (duplicate) return { ok: false, error: duplicate };
  return { ok: true, workflow: parsed.data, migrations: applied };
}

function parseJson(text: string): { value: unknown } | { error: string } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { error: 'the file is empty' };
  try {
    return { value: JSON.parse(body) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    const where = at ? ` at ${lineAndColumn(body, Number(at[1]))}` : '';
    const truncated = /Unexpected end of JSON input|Unterminated/.test(message) ? ' (the file looks cut short)' : '';
    return { error: `not valid JSON${where}${truncated}: ${message}` };
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/** Turns a zod error path like ["nodes", 3, "position", "x"] into "node s1: position.x". */
function describeSchemaError(error: z.ZodError, document: Record<string, unknown>): string {
  const issue = error.issues[0];
  if (!issue) return 'the workflow does not match the format';
  const [section, index, ...rest] = issue.path;
  const list = typeof section === 'string' ? document[section] : undefined;
  const item = Array.isArray(list) && typeof index === 'number' ? (list[index] as Record<string, unknown> | undefined) : undefined;
  const id = item && typeof item === 'object' && typeof item.id === 'string' ? item.id : undefined;
  const field = rest.join('.');
  const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is missing' : issue.message;
  if (section === 'nodes' && typeof index === 'number') {
    return `${id ? `node ${id}` : `node #${index + 1}`}: ${field || 'entry'} ${message}`;
  }
  if (section === 'edges' && typeof index === 'number') {
    return `${id ? `edge ${id}` : `edge #${index + 1}`}: ${field || 'entry'} ${message}`;
  }
  if (section === 'assets' && index !== undefined) return `asset ${String(index)}: ${rest.join('.') || 'entry'} ${message}`;
  return `${issue.path.join('.') || 'workflow'} ${message}`;
}

function findDuplicateIds(workflow: Workflow): string | undefined {
  const seen = new Set<string>();
  for (const node of workflow.nodes) {
    if (seen.has(node.id)) return `node ${node.id}: the id is used by more than one node`;
    seen.add(node.id);
  }
  const edges = new Set<string>();
  for (const edge of workflow.edges) {
    if (edges.has(edge.id)) return `edge ${edge.id}: the id is used by more than one edge`;
    edges.add(edge.id);
  }
  return undefined;
}
