// Which input images are already on Replicate's files API, by the sha256 of their bytes, so each one is
// uploaded once and reused until it expires - across runs and across processes (the desktop app and the
// CLI share the cache folder, and this small JSON file in it).
//
//   <cacheDir>/uploads.json   {format, version, scopes: {<scope>: {<sha256>: {url, expiresAt}}}}
//
// A file belongs to the account that uploaded it, so entries are grouped by a scope naming the API and
// the account (see uploadScope); a different token never gets another account's URLs. Losing this file
// costs only re-uploads; two processes writing it at once may drop each other's newest entry, which costs
// the same. An entry is reused only while it has `reuseMarginMs` left, so a queued prediction still finds
// its input when it starts.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { SHA256_PATTERN } from '../cache/hash';
import { writeFileAtomic } from '../storage/atomic';
import { readJsonFile } from '../storage/read-json';

export const UPLOADS_FILE = 'uploads.json';
const FORMAT = 'weft-uploads';
const VERSION = 1;
export const DEFAULT_REUSE_MARGIN_MS = 30 * 60_000;

const EntrySchema = z.object({ url: z.string().min(1), expiresAt: z.iso.datetime({ offset: true }) });
const FileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  scopes: z.record(z.string(), z.record(z.string().regex(SHA256_PATTERN), EntrySchema)),
});
type UploadsFile = z.infer<typeof FileSchema>;

export interface UploadRegistryOptions {
  /** The cache folder; without one, uploads are remembered in memory only. */
  cacheDir?: string;
  now?: () => number;
  reuseMarginMs?: number;
}

/** Names the API and the account without writing the token down (a truncated hash of it). */
export function uploadScope(baseUrl: string, token: string): string {
  const account = createHash('sha256').update(`weft-uploads\u0000${token}`).digest('hex').slice(0, 16);
  return `${baseUrl.replace(/\/+$/, '')} ${account}`;
}

export class UploadRegistry {
  private readonly entries = new Map<string, { url: string; expiresAt: number }>();
  private readonly file: string | undefined;
  private readonly now: () => number;
  private readonly marginMs: number;
  private loaded: Promise<void> | undefined;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly scope: string,
    options: UploadRegistryOptions = {},
  ) {
    this.file = options.cacheDir === undefined ? undefined : join(options.cacheDir, UPLOADS_FILE);
    this.now = options.now ?? Date.now;
    this.marginMs = options.reuseMarginMs ?? DEFAULT_REUSE_MARGIN_MS;
  }

  /** The URL of an earlier upload of these bytes that is still good for a while, if any. */
  async lookup(sha256: string): Promise<string | undefined> {
    await this.load();
    const entry = this.entries.get(sha256);
    if (!entry) return undefined;
    if (entry.expiresAt - this.now() >= this.marginMs) return entry.url;
    this.entries.delete(sha256);
    return undefined;
  }

  async remember(sha256: string, url: string, expiresAt: number): Promise<void> {
    await this.load();
    this.entries.set(sha256, { url, expiresAt });
    const write = this.writes.then(() => this.persist(sha256, url, expiresAt));
    this.writes = write.catch(() => {});
    // Remembering on disk is an optimisation: failing to write only costs a re-upload next time.
    await this.writes;
  }

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      const stored = await this.read();
      for (const [sha, entry] of Object.entries(stored?.scopes[this.scope] ?? {})) {
        this.entries.set(sha, { url: entry.url, expiresAt: Date.parse(entry.expiresAt) });
      }
    })();
    return this.loaded;
  }

  private async read(): Promise<UploadsFile | undefined> {
    if (!this.file) return undefined;
    const found = await readJsonFile(this.file, FileSchema);
    return found.ok ? found.value : undefined;
  }

  /** Read-merge-write, so entries another process added meanwhile survive; expired ones are dropped. */
  private async persist(sha256: string, url: string, expiresAt: number): Promise<void> {
    if (!this.file) return;
    const stored = (await this.read()) ?? { format: FORMAT, version: VERSION, scopes: {} };
    const now = this.now();
    const scopes: UploadsFile['scopes'] = {};
    for (const [scope, entries] of Object.entries(stored.scopes)) {
      const kept = Object.entries(entries).filter(([, entry]) => Date.parse(entry.expiresAt) > now);
      if (kept.length) scopes[scope] = Object.fromEntries(kept);
    }
    scopes[this.scope] = { ...scopes[this.scope], [sha256]: { url, expiresAt: new Date(expiresAt).toISOString() } };
    await writeFileAtomic(this.file, `${JSON.stringify({ format: FORMAT, version: VERSION, scopes })}\n`, { fsyncDir: false });
  }
}
