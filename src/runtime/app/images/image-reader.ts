// How hosts serve cached images to the renderer (`/images/<sha256>` in the browser host, the app://
// protocol on the desktop): by sha256 only, PNG, JPEG or WebP only (never SVG or HTML, whatever the
// bytes claim), and downscaled WebP thumbnails made by sharp. Thumbnails of the usual sizes are kept on
// disk beside the cache (`<cache>/thumbs/`), so a gallery of hundreds of outputs is made only once.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Cache } from '../../cache/cache';
import { isSha256, sha256Hex } from '../../cache/hash';
import { sniffImageType } from '../../cache/media-type';
import { writeFileAtomic } from '../../storage/atomic';
import { isErrno } from '../../storage/errors';

export const THUMBNAIL_MIN = 16;
export const THUMBNAIL_MAX = 1024;
/** Sizes kept on disk; others are made on each request, so odd sizes cannot fill the disk. */
export const STORED_THUMBNAIL_SIZES: readonly number[] = [64, 128, 256, 512, 1024];

export type ServedMediaType = 'image/png' | 'image/jpeg' | 'image/webp';
const SERVED_TYPES: ReadonlySet<string> = new Set<ServedMediaType>(['image/png', 'image/jpeg', 'image/webp']);

export type ImageAnswer =
  | { kind: 'image'; bytes: Buffer; mediaType: ServedMediaType }
  | { kind: 'refused'; status: 400 | 404 | 415; message: string };

export class ImageReader {
  private readonly making = new Map<string, Promise<Buffer>>();

  constructor(private readonly cache: () => Promise<Cache>) {}

  /** What an image route answers: `thumb` is the longest side wanted; undefined for the original bytes. */
  async read(sha256: string, thumb?: number): Promise<ImageAnswer> {
    if (!isSha256(sha256)) return { kind: 'refused', status: 400, message: 'an image is named by its sha256 (64 lowercase hex characters)' };
    if (thumb !== undefined && !isThumbnailSize(thumb)) {
      return { kind: 'refused', status: 400, message: `thumb must be a whole number from ${THUMBNAIL_MIN} to ${THUMBNAIL_MAX}` };
    }
    const bytes = await this.original(sha256);
    if (!bytes) return { kind: 'refused', status: 404, message: 'no such image in the cache' };
    const mediaType = servedType(bytes);
    if (!mediaType) return { kind: 'refused', status: 415, message: 'only PNG, JPEG and WebP images are served' };
    // Bytes that do not hash to their name are never handed out: a blob damaged on disk, or a file planted
    // in the cache folder (a symlink to a private image elsewhere, say), is not the image asked for.
    if (sha256Hex(bytes) !== sha256) return { kind: 'refused', status: 404, message: 'no such image in the cache' };
    if (thumb === undefined) return { kind: 'image', bytes, mediaType };
    return { kind: 'image', bytes: await this.thumbnail(bytes, thumb), mediaType: 'image/webp' };
  }

  /** The cached bytes of an image, or null when it is not (or no longer) in the cache. */
  async original(sha256: string): Promise<Buffer | null> {
    if (!isSha256(sha256)) return null;
    const cache = await this.cache();
    try {
      return await cache.blobs.read(sha256);
    } catch {
      return null;
    }
  }

  /** A WebP copy that fits in size x size (never enlarged); made once per image and stored size. */
  async thumbnail(bytes: Uint8Array, size: number): Promise<Buffer> {
    if (!isThumbnailSize(size)) throw new RangeError(`thumbnail size ${size} is outside ${THUMBNAIL_MIN}..${THUMBNAIL_MAX}`);
    if (!STORED_THUMBNAIL_SIZES.includes(size)) return downscale(bytes, size);
    const cache = await this.cache();
    const sha256 = sha256Hex(bytes);
    const path = join(thumbnailRoot(cache), sha256.slice(0, 2), `${sha256}-${size}.webp`);
    const pending = this.making.get(path);
    if (pending) return pending;
    const made = readOrMake(cache, path, () => downscale(bytes, size)).finally(() => this.making.delete(path));
    this.making.set(path, made);
    return made;
  }

  /** Removes thumbnails whose image left the cache (after a prune). */
  async sweepOrphans(): Promise<number> {
    const cache = await this.cache();
    const root = thumbnailRoot(cache);
    let removed = 0;
    for (const prefix of await readdirOrEmpty(root)) {
      for (const name of await readdirOrEmpty(join(root, prefix))) {
        const sha = name.slice(0, 64);
        if (isSha256(sha) && (await cache.blobs.has(sha))) continue;
        await fsp.rm(join(root, prefix, name), { force: true });
        removed++;
      }
    }
    return removed;
  }
}

function isThumbnailSize(size: number): boolean {
  return Number.isInteger(size) && size >= THUMBNAIL_MIN && size <= THUMBNAIL_MAX;
}

function servedType(bytes: Uint8Array): ServedMediaType | null {
  const type = sniffImageType(bytes);
  return type && SERVED_TYPES.has(type) ? (type as ServedMediaType) : null;
}

function downscale(bytes: Uint8Array, size: number): Promise<Buffer> {
  return sharp(bytes).resize(size, size, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
}

async function readOrMake(cache: Cache, path: string, make: () => Promise<Buffer>): Promise<Buffer> {
  try {
    return await fsp.readFile(path);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  const bytes = await make();
  // Disposable (remade on demand): no folder fsync, and a failed write only costs remaking it next time.
  await writeFileAtomic(path, bytes, { tmpDir: cache.layout.tmp, fsyncDir: false }).catch(() => {});
  return bytes;
}

function thumbnailRoot(cache: Cache): string {
  return join(cache.layout.root, 'thumbs');
}

async function readdirOrEmpty(folder: string): Promise<string[]> {
  try {
    return await fsp.readdir(folder);
  } catch {
    return [];
  }
}
