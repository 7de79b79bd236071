// The runtime objects behind the service, opened on first use: the cache (reopened when the user moves
// it or changes its limit in settings), the image preparer that goes with it, and run history.
import { Cache } from '../cache/cache';
import { History } from '../history/history';
import { ImagePreparer } from '../images/image-preparer';
import type { SettingsStore } from './settings/settings-store';

interface OpenCache {
  dir: string;
  limitBytes: number;
  cache: Cache;
  images: ImagePreparer;
}

export class RuntimeResources {
  private current: Promise<OpenCache> | undefined;
  private history: Promise<History> | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly settings: SettingsStore,
    private readonly fetchImpl: typeof fetch,
    private readonly log: (message: string) => void,
  ) {}

  async cache(): Promise<Cache> {
    return (await this.openCache()).cache;
  }

  async images(): Promise<ImagePreparer> {
    return (await this.openCache()).images;
  }

  runHistory(): Promise<History> {
    this.history ??= History.open(this.dataDir, { onError: (error) => this.log(`cannot write run history: ${String(error)}`) });
    return this.history;
  }

  async close(): Promise<void> {
    if (this.history) await (await this.history).close();
  }

  private async openCache(): Promise<OpenCache> {
    const { cacheDir, cacheLimitBytes } = await this.settings.get();
    const open = this.current ? await this.current.catch(() => undefined) : undefined;
    if (open && open.dir === cacheDir && open.limitBytes === cacheLimitBytes) return open;
    this.current = Cache.open(cacheDir, {
      limitBytes: cacheLimitBytes,
      onAutoPruneError: (error) => this.log(`automatic cache pruning failed: ${String(error)}`),
    }).then((cache) => ({ dir: cacheDir, limitBytes: cacheLimitBytes, cache, images: new ImagePreparer(cache.blobs, { fetch: this.fetchImpl }) }));
    return this.current;
  }
}
