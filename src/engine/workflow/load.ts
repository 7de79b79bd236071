// Reading a `.weft` file: JSON, then the format and version, then migrations, then the schema. Any
// problem that stops the file from being read is one clear, located sentence; problems inside a readable
// file (a param out of range, a dangling edge) are left to validation, so the user can open and fix it.
import { z } from 'zod';
import { locateJsonSyntaxError } from '../json-locate';
import { CURRENT_WORKFLOW_VERSION, WORKFLOW_FORMAT, WorkflowSchema, type Workflow } from './schema';
import { canMigrate, MIGRATIONS, migrate, type Migration } from './migrations';

/**
 * Deepest nesting read (a real workflow is about six levels deep). Deeper values could not be saved,
 * autosaved or sent to the editor again: JSON.stringify and structured clone run out of stack.
 */
export const MAX_WORKFLOW_NESTING = 500;

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
  const tooDeep = pathDeeperThan(raw, MAX_WORKFLOW_NESTING);
  if (tooDeep) {
    return { ok: false, error: `${tooDeep.slice(0, 6).map(String).join('.')}… is nested more than ${MAX_WORKFLOW_NESTING} levels deep: no Weft workflow is, so it cannot be read` };
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
    if (!at) {
      // Some of V8's messages give no position and quote the file instead (newlines included): find it.
      const located = locateJsonSyntaxError(body);
      if (located) {
        const cutShort = located.offset >= body.length ? ' (the file looks cut short)' : '';
        return { error: `not valid JSON at line ${located.line}, column ${located.column}${cutShort}: ${located.message}` };
      }
    }
    const where = at ? ` at ${lineAndColumn(body, Number(at[1]))}` : '';
    const truncated = /Unexpected end of JSON input|Unterminated/.test(message) ? ' (the file looks cut short)' : '';
    return { error: `not valid JSON${where}${truncated}: ${message.split('\n')[0]}` };
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
  // zod leaves `issue.input` out, so whether the field is there at all is read from the document.
  const message = issue.code === 'invalid_type' && valueAt(document, issue.path) === undefined ? 'is missing' : issue.message;
  if (section === 'nodes' && typeof index === 'number') {
    return `${id ? `node ${id}` : `node #${index + 1}`}: ${field || 'entry'} ${message}`;
  }
  if (section === 'edges' && typeof index === 'number') {
    return `${id ? `edge ${id}` : `edge #${index + 1}`}: ${field || 'entry'} ${message}`;
  }
  if (section === 'assets' && index !== undefined) return `asset ${String(index)}: ${rest.join('.') || 'entry'} ${message}`;
  if (section === 'models' && index !== undefined) return `model ${String(index)}: ${rest.join('.') || 'entry'} ${message}`;
  if (section === 'groups' && typeof index === 'number') {
    return `${id ? `group ${id}` : `group #${index + 1}`}: ${describeGroupPath(rest, item)} ${message}`;
  }
  return `${issue.path.join('.') || 'workflow'} ${message}`;
}

/** Inside a group: ["nodes", 0, "position", "x"] -> "node s1: position.x", as at the top level. */
function describeGroupPath(path: readonly PropertyKey[], group: Record<string, unknown> | undefined): string {
  const [section, index, ...rest] = path;
  const list = group && typeof section === 'string' ? group[section] : undefined;
  const item = Array.isArray(list) && typeof index === 'number' ? (list[index] as Record<string, unknown> | undefined) : undefined;
  const id = item && typeof item === 'object' && typeof item.id === 'string' ? item.id : undefined;
  const field = rest.map(String).join('.') || 'entry';
  if ((section === 'nodes' || section === 'edges') && typeof index === 'number') {
    const what = section === 'nodes' ? 'node' : 'edge';
    return `${id ? `${what} ${id}` : `${what} #${index + 1}`}: ${field}`;
  }
  return path.map(String).join('.') || 'entry';
}

/** The value at a zod issue's path, to tell a missing field from one of the wrong type. */
export function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** The path to the first value nested deeper than `max` levels, if any (iterative: no stack to run out of). */
function pathDeeperThan(root: unknown, max: number): PropertyKey[] | undefined {
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= max) return path;
    const entries = Array.isArray(value) ? value.map((item, i) => [i, item] as const) : Object.entries(value);
    for (const [key, item] of entries) if (item !== null && typeof item === 'object') stack.push({ value: item, path: [...path, key] });
  }
  return undefined;
}

function findDuplicateIds(workflow: Workflow): string | undefined {
  const top = duplicateIn(workflow);
  if (top) return top;
  const groups = new Set<string>();
  for (const group of workflow.groups ?? []) {
    if (groups.has(group.id)) return `group ${group.id}: the id is used by more than one group`;
    groups.add(group.id);
    const inner = duplicateIn(group);
    if (inner) return `group ${group.id}: ${inner}`;
  }
  return undefined;
}

function duplicateIn(graph: Pick<Workflow, 'nodes' | 'edges'>): string | undefined {
  const seen = new Set<string>();
  for (const node of graph.nodes) {
    if (seen.has(node.id)) return `node ${node.id}: the id is used by more than one node`;
    seen.add(node.id);
  }
  const edges = new Set<string>();
  for (const edge of graph.edges) {
    if (edges.has(edge.id)) return `edge ${edge.id}: the id is used by more than one edge`;
    edges.add(edge.id);
  }
  return undefined;
}
