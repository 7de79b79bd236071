/**
 * Run ids: `YYYYMMDD-HHMMSSmmm-xxxxxx` (UTC time, then random hex). Sorting the file names sorts runs by
 * start time, so listing the newest runs reads only those files. An id is checked against the pattern
 * before it becomes part of a path.
 */
import { randomBytes } from 'node:crypto';

export const RUN_ID_PATTERN = /^\d{8}-\d{9}-[0-9a-f]{6}$/;

export function newRunId(nowMs: number): string {
  const iso = new Date(nowMs).toISOString(); // 2025-01-31T12:34:56.789Z
  const date = iso.slice(0, 10).replaceAll('-', '');
  const time = iso.slice(11, 23).replaceAll(':', '').replace('.', '');
  return `${date}-${time}-${randomBytes(3).toString('hex')}`;
}

export function isRunId(value: unknown): value is string {
  return typeof value === 'string' && RUN_ID_PATTERN.test(value);
}
