// Reading and saving `.weft` files on disk. A failed read never touches the file; a save is atomic and
// keeps the previous version as `<file>.bak`, so neither a crash nor a full disk can lose a workflow.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { ASSET_MEDIA_TYPES, loadWorkflowText, serializeWorkflow, type Diagnostic, type Workflow } from '../../engine';
import { writeFileAtomic } from '../storage';
import { sniffImageType } from '../cache/media-type';

/** Larger files are refused before reading: no real workflow is near it, and reading it could exhaust memory. */
export const MAX_WORKFLOW_FILE_BYTES = 512 * 1024 * 1024;

export type WorkflowFileResult =
  | { ok: true; workflow: Workflow; warnings: Diagnostic[]; migrations: string[] }
  | { ok: false; error: string };

export async function readWorkflowFile(path: string): Promise<WorkflowFileResult> {
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (!info.isFile()) return { ok: false, error: `${path}: not a file` };
    if (info.size > MAX_WORKFLOW_FILE_BYTES) return { ok: false, error: `${path}: the file is ${(info.size / 1e6).toFixed(0)} MB, more than any workflow Weft reads (${MAX_WORKFLOW_FILE_BYTES / 1e6} MB)` };
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    return { ok: false, error: `${path}: cannot read the file (${why})` };
  }
  return parseWorkflowBytes(bytes, path);
}

export function parseWorkflowBytes(bytes: Uint8Array, label: string): WorkflowFileResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: `${label}: not a Weft workflow: the file is not UTF-8 text` };
  }
  const result = loadWorkflowText(text);
  if (!result.ok) return { ok: false, error: `${label}: ${result.error}` };
  return { ok: true, workflow: result.workflow, warnings: checkAssets(result.workflow), migrations: result.migrations };
}

export async function saveWorkflowFile(path: string, workflow: Workflow): Promise<void> {
  await writeFileAtomic(path, serializeWorkflow(workflow), { backup: true });
}

/** Each embedded asset must be a raster image whose bytes hash to its key; a bad one is named, not dropped. */
export function checkAssets(workflow: Workflow): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const [key, asset] of Object.entries(workflow.assets)) {
    const bytes = Buffer.from(asset.data, 'base64');
    const actual = createHash('sha256').update(bytes).digest('hex');
    const sniffed = sniffImageType(bytes);
    const report = (code: string, message: string) => problems.push({ severity: 'error', code, message: `asset ${key.slice(0, 12)}…: ${message}` });
    if (actual !== key) report('asset-hash', 'its data does not match its sha256 (the file was edited or damaged): nodes using it cannot run');
    else if (!sniffed || !(ASSET_MEDIA_TYPES as readonly string[]).includes(sniffed)) report('asset-type', 'is not a PNG, JPEG or WebP image');
    else if (sniffed !== asset.type) report('asset-type', `says it is ${asset.type} but its bytes are ${sniffed}`);
  }
  return problems;
}
