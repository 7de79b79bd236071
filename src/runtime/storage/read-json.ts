/**
 * Reads a JSON file and validates it with a zod schema, returning either the typed value or an error
 * that says where the problem is: which file, which line and column (bad syntax), or which field
 * (wrong shape). It never throws for a bad or missing file: callers decide whether that is a cache miss,
 * a fresh start or a message for the user.
 */
import { promises as fsp } from 'node:fs';
import type { z } from 'zod';
import { errnoOf } from './errors';
import { locateJsonSyntaxError } from './json-locate';

export type JsonFileErrorKind = 'missing' | 'unreadable' | 'empty' | 'syntax' | 'schema';

export interface JsonFileIssue {
  /** Where in the document: `outputs[0].sha256`, or `(root)`. */
  at: string;
  message: string;
}

export interface JsonFileError {
  kind: JsonFileErrorKind;
  path: string;
  /** One line a user can act on, starting with the file's path. */
  message: string;
  line?: number;
  column?: number;
  issues?: JsonFileIssue[];
  /** The OS error code for 'unreadable' (EACCES, EISDIR...). */
  errno?: string;
}

export type JsonFileResult<T> = { ok: true; value: T } | { ok: false; error: JsonFileError };

export async function readJsonFile<T>(path: string, schema: z.ZodType<T>): Promise<JsonFileResult<T>> {
  let text: string;
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch (error) {
    const errno = errnoOf(error);
    if (errno === 'ENOENT' || errno === 'ENOTDIR') {
      return { ok: false, error: { kind: 'missing', path, message: `${path} does not exist` } };
    }
    const detail = errno === 'EACCES' || errno === 'EPERM' ? 'permission denied' : String(error);
    const problem: JsonFileError = { kind: 'unreadable', path, message: `cannot read ${path}: ${detail}` };
    if (errno !== undefined) problem.errno = errno;
    return { ok: false, error: problem };
  }
  return parseJsonText(text, schema, path);
}

/** The parsing half of readJsonFile, for text obtained some other way. */
export function parseJsonText<T>(text: string, schema: z.ZodType<T>, path: string): JsonFileResult<T> {
  // Editors on Windows like to prepend a byte-order mark; it is not JSON but it is not the user's fault.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') {
    return { ok: false, error: { kind: 'empty', path, message: `${path} is empty` } };
  }
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    const located = locateJsonSyntaxError(body);
    if (located) {
      const { line, column, message } = located;
      return {
        ok: false,
        error: { kind: 'syntax', path, line, column, message: `${path}:${line}:${column}: invalid JSON: ${message}` },
      };
    }
    return { ok: false, error: { kind: 'syntax', path, message: `${path}: invalid JSON: ${String(error)}` } };
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.map((issue) => ({ at: formatIssuePath(issue.path), message: issue.message }));
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return {
    ok: false,
    error: { kind: 'schema', path, issues, message: `${path}: ${first.at}: ${first.message}${more}` },
  };
}

/** `['outputs', 0, 'sha256']` -> `outputs[0].sha256`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}
