// After a run: the images that reach each output node are written to its folder (relative folders are
// relative to the workflow file), and to the run's --out folder. Names are `<prefix>-<node>-<n>.<ext>`
// (n = the sampler's output index, from 0 like Replicate's out-0). An existing file is never replaced:
// the same bytes are left as they are, different bytes get the next free `-2`, `-3`... name. Each file is
// written whole under a temp name and then hard-linked into place, which fails rather than overwrite.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Plan, Workflow } from '../../engine';
import { buildProvenance, embedProvenance } from '../provenance';
import { renderGrid } from '../grid/render-grid';
import type { BlobStore } from '../cache/blobs';
import { errnoOf, isErrno, toStorageError } from '../storage/errors';
import { writeFileAtomic } from '../storage';
import type { OutputRef } from './events';

export interface WriteOutputsOptions {
  /** The run's --out folder. */
  outDir?: string;
  /** The workflow file's folder, for output nodes with a relative folder; undefined for an unsaved workflow. */
  baseDir?: string;
  /**
   * With it, each image carries its provenance (the workflow with seeds pinned, the exact call, Weft's
   * version) in its metadata and in a `.json` sidecar beside it, for tools that strip metadata.
   */
  provenance?: { workflow: Workflow; weftVersion: string; predictionIds?: ReadonlyMap<string, string> };
}

export interface WrittenFile {
  path: string;
  /** The sampler node and output index the image came from. */
  node: string;
  index: number;
  /** False when an identical file was already there. */
  created: boolean;
  /** The provenance sidecar written beside it, if any. */
  sidecar?: string;
}

export interface WriteOutputsResult {
  files: WrittenFile[];
  problems: string[];
}

interface Target {
  dir: string;
  prefix: string;
  sources: { node: string; index?: number }[];
}

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' };
const DEFAULT_PREFIX = 'weft';

/** What a finished run can write: each call that succeeded or was cached, with its images and prediction. */
export function runOutputs(calls: readonly { node: string; status: string; outputs: readonly OutputRef[]; predictionId?: string | undefined }[]): {
  outputs: Map<string, readonly OutputRef[]>;
  predictionIds: Map<string, string>;
} {
  const outputs = new Map<string, readonly OutputRef[]>();
  const predictionIds = new Map<string, string>();
  for (const call of calls) {
    if (call.status !== 'succeeded' && call.status !== 'cached') continue;
    outputs.set(call.node, call.outputs);
    if (call.predictionId) predictionIds.set(call.node, call.predictionId);
  }
  return { outputs, predictionIds };
}

export async function writeOutputs(plan: Plan, outputs: ReadonlyMap<string, readonly OutputRef[]>, blobs: BlobStore, options: WriteOutputsOptions): Promise<WriteOutputsResult> {
  const { targets, problems } = targetsOf(plan, outputs, options);
  const files: WrittenFile[] = [];
  for (const target of targets) {
    for (const source of target.sources) {
      const images = outputs.get(source.node);
      if (!images) continue; // not run this time (run to here), or it failed
      const indexes = source.index === undefined ? images.map((_, i) => i) : [source.index];
      for (const index of indexes) {
        const image = images[index];
        if (!image) continue;
        try {
          let bytes: Uint8Array = await blobs.read(image.sha256);
          const call = plan.calls.find((c) => c.node === source.node);
          const provenance = options.provenance && call ? provenanceFor(options.provenance, plan, call, index) : undefined;
          if (provenance) bytes = embedProvenance(bytes, provenance);
          const written = await writeNewFile(target.dir, `${target.prefix}-${source.node}-${index}`, EXTENSIONS[image.mediaType] ?? 'img', bytes);
          const sidecar = provenance ? await writeSidecar(written.path, provenance) : undefined;
          files.push({ ...written, node: source.node, index, ...(sidecar ? { sidecar } : {}) });
        } catch (error) {
          // A full or read-only disk in words, naming the folder rather than a temp file in it.
          const reason = errnoOf(error) ? toStorageError(error, target.dir, 'write').message : (error as Error).message;
          problems.push(`cannot write output ${index} of node ${source.node} to ${target.dir}: ${reason}`);
        }
      }
    }
  }
  files.push(...(await writeGrids(plan, outputs, blobs, options, problems)));
  return { files, problems };
}

function provenanceFor(options: NonNullable<WriteOutputsOptions['provenance']>, plan: Plan, call: Plan['calls'][number], index: number) {
  const predictionId = options.predictionIds?.get(call.node);
  return buildProvenance({ workflow: options.workflow, calls: plan.calls, call, index, weftVersion: options.weftVersion, ...(predictionId ? { predictionId } : {}) });
}

/** `<image>.json` beside the image, atomically replaced: it describes the file it sits next to. */
async function writeSidecar(imagePath: string, provenance: ReturnType<typeof buildProvenance>): Promise<string> {
  const path = `${imagePath}.json`;
  await writeFileAtomic(path, `${JSON.stringify(provenance, null, 2)}\n`);
  return path;
}

/** The folders a sink (output or grid node) writes to: its own folder, and the run's --out. */
function foldersOf(what: string, sink: { node: string; folder?: string }, options: WriteOutputsOptions, problems: string[]): string[] {
  const dirs: string[] = [];
  if (sink.folder !== undefined) {
    if (isAbsolute(sink.folder)) dirs.push(sink.folder);
    else if (options.baseDir !== undefined) dirs.push(resolve(options.baseDir, sink.folder));
    else problems.push(`${what} ${sink.node}: its folder "${sink.folder}" is relative, but the workflow is not saved: nothing written there`);
  }
  if (options.outDir !== undefined) dirs.push(options.outDir);
  return dirs;
}

/** Draws each XY grid whose cells all ran and writes it where its node says, as `<prefix>-<node>.png`. */
async function writeGrids(plan: Plan, outputs: ReadonlyMap<string, readonly OutputRef[]>, blobs: BlobStore, options: WriteOutputsOptions, problems: string[]): Promise<WrittenFile[]> {
  const files: WrittenFile[] = [];
  for (const grid of plan.grids) {
    const dirs = foldersOf('grid node', grid, options, problems);
    if (dirs.length === 0) continue;
    try {
      const drawn = await renderGrid(grid, outputs, blobs);
      if (!Buffer.isBuffer(drawn)) {
        const which = [...new Set(drawn.missing)];
        // A run to a single node leaves the rest of the grid unrun: nothing to say then.
        if (which.some((node) => outputs.has(node)) || outputs.size === 0) continue;
        problems.push(`grid ${grid.node}: not drawn, ${which.length} of its calls did not succeed (${which.slice(0, 3).join(', ')}${which.length > 3 ? '…' : ''})`);
        continue;
      }
      for (const dir of dirs) files.push({ ...(await writeNewFile(dir, `${grid.prefix}-${grid.node}`, 'png', drawn)), node: grid.node, index: 0 });
    } catch (error) {
      problems.push(`cannot write grid ${grid.node}: ${(error as Error).message}`);
    }
  }
  return files;
}

function targetsOf(plan: Plan, outputs: ReadonlyMap<string, readonly OutputRef[]>, options: WriteOutputsOptions): { targets: Target[]; problems: string[] } {
  const targets: Target[] = [];
  const problems: string[] = [];
  for (const sink of plan.outputs) {
    for (const dir of foldersOf('output node', sink, options, problems)) targets.push({ dir, prefix: sink.prefix, sources: sink.sources });
  }
  // A workflow without output nodes still gives --out every image it made.
  if (plan.outputs.length === 0 && options.outDir !== undefined) {
    targets.push({ dir: options.outDir, prefix: DEFAULT_PREFIX, sources: [...outputs.keys()].map((node) => ({ node })) });
  }
  return { targets, problems };
}

/**
 * Node ids name the files, and ids from groups hold a slash (`portrait/s1`): characters no file name may
 * hold become `_`, so a name never reaches into another folder.
 */
function fileSafe(base: string): string {
  return base.replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_');
}

async function writeNewFile(dir: string, name: string, ext: string, bytes: Uint8Array): Promise<{ path: string; created: boolean }> {
  const base = fileSafe(name);
  await fsp.mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${base}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // Inside the try: a write cut short by a full disk must not leave its half in the user's folder.
    await fsp.writeFile(tmp, bytes, { flag: 'wx' });
    for (let n = 1; ; n++) {
      const path = join(dir, n === 1 ? `${base}.${ext}` : `${base}-${n}.${ext}`);
      if (await sameBytes(path, bytes)) return { path, created: false };
      try {
        await fsp.link(tmp, path);
        return { path, created: true };
      } catch (error) {
        if (isErrno(error, 'EEXIST')) continue;
        if (!isErrno(error, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV')) throw error;
        // No hard links here (FAT, some network shares): an exclusive create still never overwrites.
        try {
          await fsp.writeFile(path, bytes, { flag: 'wx' });
          return { path, created: true };
        } catch (fallbackError) {
          if (isErrno(fallbackError, 'EEXIST')) continue;
          throw fallbackError;
        }
      }
    }
  } finally {
    await fsp.unlink(tmp).catch(() => {});
  }
}

async function sameBytes(path: string, bytes: Uint8Array): Promise<boolean> {
  try {
    const existing = await fsp.readFile(path);
    return existing.equals(bytes);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false;
    throw error;
  }
}
