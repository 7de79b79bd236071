/**
 * Files uploaded through POST /files. Each expires at its `expires_at` on the emulated clock, after which
 * it is gone from every route and from prediction inputs.
 */
import { createHash } from 'node:crypto';
import type { EmulatedClock } from './clock';
import type { SeededRandom } from './random';

export interface StoredFile {
  readonly id: string;
  readonly name: string;
  readonly contentType: string;
  readonly bytes: Buffer;
  readonly sha256: string;
  readonly md5: string;
  readonly metadata: Record<string, unknown>;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export interface NewFile {
  name: string;
  contentType: string;
  bytes: Buffer;
  metadata: Record<string, unknown>;
}

export class FilesStore {
  private readonly files = new Map<string, StoredFile>();

  constructor(
    private readonly clock: EmulatedClock,
    private readonly random: SeededRandom,
    private readonly lifetimeMs: number,
  ) {}

  create(file: NewFile): StoredFile {
    const createdAt = this.clock.now();
    const stored: StoredFile = {
      id: this.random.id(),
      name: file.name,
      contentType: file.contentType,
      bytes: file.bytes,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      md5: createHash('md5').update(file.bytes).digest('hex'),
      metadata: file.metadata,
      createdAt,
      expiresAt: createdAt + this.lifetimeMs,
    };
    this.files.set(stored.id, stored);
    this.clock.scheduleAt(stored.expiresAt, () => this.files.delete(stored.id));
    return stored;
  }

  get(id: string): StoredFile | undefined {
    const file = this.files.get(id);
    return file && file.expiresAt > this.clock.now() ? file : undefined;
  }

  delete(id: string): boolean {
    return this.files.delete(id);
  }

  /** Live files, newest first. */
  list(): StoredFile[] {
    const now = this.clock.now();
    return [...this.files.values()].filter((f) => f.expiresAt > now).reverse();
  }
}

/** The file object Replicate returns; `urls.get` is the value to put into a prediction's input. */
export function fileJson(file: StoredFile, baseUrl: string) {
  return {
    id: file.id,
    name: file.name,
    content_type: file.contentType,
    size: file.bytes.length,
    etag: `"${file.md5}"`,
    checksums: { sha256: file.sha256, md5: file.md5 },
    metadata: file.metadata,
    created_at: new Date(file.createdAt).toISOString(),
    expires_at: new Date(file.expiresAt).toISOString(),
    urls: { get: `${baseUrl}/files/${file.id}` },
  };
}
