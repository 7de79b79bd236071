// Reads the images a workflow names (files, https URLs, embedded assets) into the blob store and tells
// compile their sha256 and size. Files are re-hashed only when they change; URLs are fetched once per
// preparer; inverted masks are made once per source image.
import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import sharp from 'sharp';
import { expandGroups, type Catalog, type ImageFacts, type ImageLookup, type ImageSource, type Workflow } from '../../engine';
import type { BlobStore } from '../cache/blobs';

export interface ImagePreparerOptions {
  /** Used for `url` sources; tests hand in one that reaches a local server. */
  fetch?: typeof fetch;
  /** Largest image accepted from a file or URL. */
  maxBytes?: number;
}

export interface PreparedImages {
  image(source: ImageSource): ImageLookup;
  invertedMask(sha256: string): ImageLookup;
}

const DEFAULT_MAX_IMAGE_BYTES = 100 * 1024 * 1024;

export class ImagePreparer {
  private readonly files = new Map<string, { mtimeMs: number; size: number; facts: ImageLookup }>();
  private readonly urls = new Map<string, ImageLookup>();
  private readonly inverted = new Map<string, ImageLookup>();
  private readonly assets = new Map<string, ImageLookup>();

  constructor(
    private readonly blobs: BlobStore,
    private readonly options: ImagePreparerOptions = {},
  ) {}

  /** Reads every image source named by the workflow's params; `baseDir` resolves relative paths. */
  async prepare(workflow: Workflow, catalog: Catalog, baseDir: string | undefined): Promise<PreparedImages> {
    const found = new Map<string, ImageLookup>();
    const jobs: Promise<void>[] = [];
    for (const source of sourcesOf(workflow, catalog)) {
      const id = sourceId(source);
      if (found.has(id)) continue;
      found.set(id, undefined);
      jobs.push(this.lookup(source, workflow, baseDir).then((facts) => void found.set(id, facts)));
    }
    await Promise.all(jobs);
    return {
      image: (source) => found.get(sourceId(source)),
      invertedMask: (sha) => this.inverted.get(sha),
    };
  }

  /** Makes the inverted masks a compile asked for and did not find; true if it made any. */
  async makeInvertedMasks(shas: Iterable<string>): Promise<boolean> {
    let made = false;
    for (const sha of shas) {
      if (this.inverted.has(sha)) continue;
      this.inverted.set(sha, await this.invert(sha));
      made = true;
    }
    return made;
  }

  private async lookup(source: ImageSource, workflow: Workflow, baseDir: string | undefined): Promise<ImageLookup> {
    if (source.kind === 'asset') return this.fromAsset(source.sha256, workflow);
    if (source.kind === 'url') return this.fromUrl(source.url);
    return this.fromFile(source.path, baseDir);
  }

  private async fromAsset(sha: string, workflow: Workflow): Promise<ImageLookup> {
    const known = this.assets.get(sha);
    if (known) return known;
    const asset = workflow.assets[sha];
    if (!asset) return { error: 'names an asset that is not in the workflow' };
    const facts = await this.store(Buffer.from(asset.data, 'base64'), `asset ${sha.slice(0, 12)}`);
    if (!('error' in facts) && facts.sha256 !== sha) return { error: "the embedded image's bytes do not match its sha256: the file was damaged" };
    this.assets.set(sha, facts);
    return facts;
  }

  private async fromFile(path: string, baseDir: string | undefined): Promise<ImageLookup> {
    if (!isAbsolute(path) && baseDir === undefined) return { error: `"${path}" is relative, but the workflow is not saved yet: save it, or give an absolute path` };
    const full = isAbsolute(path) ? path : resolve(baseDir!, path);
    let info;
    try {
      info = await stat(full);
    } catch {
      return { error: `file not found: ${full}` };
    }
    if (!info.isFile()) return { error: `not a file: ${full}` };
    const memo = this.files.get(full);
    if (memo && memo.mtimeMs === info.mtimeMs && memo.size === info.size) return memo.facts;
    const max = this.options.maxBytes ?? DEFAULT_MAX_IMAGE_BYTES;
    if (info.size > max) return { error: `${full} is ${(info.size / 1e6).toFixed(1)} MB; images up to ${max / 1e6} MB are accepted` };
    let facts: ImageLookup;
    try {
      const { readFile } = await import('node:fs/promises');
      facts = await this.store(await readFile(full), full);
    } catch (error) {
      facts = { error: `cannot read ${full}: ${(error as Error).message}` };
    }
    this.files.set(full, { mtimeMs: info.mtimeMs, size: info.size, facts });
    return facts;
  }

  private async fromUrl(url: string): Promise<ImageLookup> {
    const memo = this.urls.get(url);
    if (memo) return memo;
    const doFetch = this.options.fetch ?? fetch;
    let facts: ImageLookup;
    try {
      const response = await doFetch(url, { redirect: 'follow', signal: AbortSignal.timeout(60_000) });
      if (!response.ok) facts = { error: `${url} answered HTTP ${response.status}` };
      else {
        const max = this.options.maxBytes ?? DEFAULT_MAX_IMAGE_BYTES;
        const declared = Number(response.headers.get('content-length') ?? 0);
        const bytes = declared > max ? undefined : await readUpTo(response, max);
        if (!bytes) {
          await response.body?.cancel().catch(() => {});
          facts = { error: `${url} is ${declared > max ? `${(declared / 1e6).toFixed(1)} MB` : `more than ${max / 1e6} MB`}; images up to ${max / 1e6} MB are accepted` };
        } else facts = await this.store(bytes, url);
      }
    } catch (error) {
      facts = { error: `cannot download ${url}: ${(error as Error).message}` };
    }
    // Failures are not remembered, so the next compile tries again.
    if (!('error' in (facts ?? {}))) this.urls.set(url, facts);
    return facts;
  }

  private async invert(sha: string): Promise<ImageLookup> {
    try {
      const bytes = await this.blobs.read(sha);
      // A lossless greyscale PNG: the model reads the mask's luminance, white repainted, black kept.
      const inverted = await sharp(bytes).flatten({ background: '#000000' }).greyscale().negate({ alpha: false }).png().toBuffer();
      return await this.store(inverted, 'inverted mask');
    } catch (error) {
      return { error: `cannot invert the mask: ${(error as Error).message}` };
    }
  }

  private async store(bytes: Buffer, label: string): Promise<ImageFacts | { error: string }> {
    try {
      const put = await this.blobs.putImage(bytes, label);
      const meta = await sharp(bytes).metadata();
      return { sha256: put.sha256, mediaType: put.mediaType, ...(meta.width && meta.height ? { width: meta.width, height: meta.height } : {}) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }
}

/** The body, or undefined as soon as it passes `max` bytes (a missing or lying Content-Length included). */
async function readUpTo(response: Response, max: number): Promise<Buffer | undefined> {
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.length;
    if (size > max) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Every image source a workflow's params name, found through the catalog's param widgets. */
export function sourcesOf(workflow: Workflow, catalog: Catalog): ImageSource[] {
  const sources: ImageSource[] = [];
  // Image nodes inside groups (with the group nodes' overrides applied) are read like any other.
  for (const node of expandGroups(workflow).workflow.nodes) {
    const definition = catalog.get(node.type);
    if (!definition) continue;
    for (const [name, spec] of Object.entries(definition.params)) {
      const value = node.params[name];
      if (spec.kind !== 'text' || typeof value !== 'string' || value.trim() === '') continue;
      if (spec.widget === 'path') sources.push({ kind: 'file', path: value.trim() });
      // Only https is ever fetched (compile refuses anything else): a workflow file cannot make Weft
      // request http:// addresses on the user's network.
      else if (spec.widget === 'url' && safeHref(value.trim()).startsWith('https://')) sources.push({ kind: 'url', url: safeHref(value.trim()) });
      else if (spec.widget === 'asset') sources.push({ kind: 'asset', sha256: value.trim() });
    }
  }
  return sources;
}

function safeHref(text: string): string {
  try {
    return new URL(text).href;
  } catch {
    return text;
  }
}

function sourceId(source: ImageSource): string {
  return source.kind === 'asset' ? `asset:${source.sha256}` : source.kind === 'url' ? `url:${source.url}` : `file:${source.path}`;
}
