// The user's settings, in `<dataDir>/settings.json`. Only what the user changed is stored; the rest comes
// from defaults, so a better default in a later release reaches users who never touched that setting.
// Environment overrides (WEFT_CACHE_DIR, REPLICATE_BASE_URL) win over the file for this process: they
// are how tests, CI and portable installs point Weft elsewhere without editing anyone's settings.
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { DEFAULT_CACHE_LIMIT_BYTES } from '../../cache/cache';
import { CACHE_DIR_ENV, type Env } from '../../paths';
import { JsonStore, SerialQueue } from '../json-store';

export const DEFAULT_API_BASE_URL = 'https://api.replicate.com/v1';
export const DEFAULT_CONCURRENCY = 4;
export const MIN_CACHE_LIMIT_BYTES = 100 * 1024 * 1024;

const HttpUrl = z.url({ protocol: /^https?$/ });
const ProviderSchema = z.discriminatedUnion('kind', [z.object({ kind: z.literal('replicate') }), z.object({ kind: z.literal('cog'), url: HttpUrl })]);

export const SettingsSchema = z.object({
  concurrency: z.number().int().min(1).max(64),
  cacheLimitBytes: z.number().int().min(MIN_CACHE_LIMIT_BYTES),
  cacheDir: z
    .string()
    .min(1)
    .refine(isAbsolute, { error: 'must be an absolute path' })
    .refine((path) => !path.includes('\0'), { error: 'must not contain a NUL character' }),
  apiBaseUrl: HttpUrl,
  provider: ProviderSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;
export type SettingsPatch = Partial<Settings>;

const StoredSettingsSchema = SettingsSchema.partial();
type StoredSettings = z.infer<typeof StoredSettingsSchema>;

export class SettingsStore {
  private readonly store: JsonStore<StoredSettings>;
  private readonly queue = new SerialQueue();

  constructor(
    path: string,
    private readonly defaults: { cacheDir: string; env: Env },
    log: (message: string) => void,
  ) {
    this.store = new JsonStore(path, StoredSettingsSchema, () => ({}), log);
  }

  async get(): Promise<Settings> {
    return this.effective(await this.store.read());
  }

  /** Validates the whole result before storing any of it: a bad value changes nothing. */
  set(patch: SettingsPatch): Promise<Settings> {
    return this.queue.run(async () => {
      const stored = { ...(await this.store.read()), ...withoutUndefined(patch) };
      const checked = StoredSettingsSchema.parse(stored);
      await this.store.write(checked);
      return this.effective(checked);
    });
  }

  private effective(stored: StoredSettings): Settings {
    const env = this.defaults.env;
    const envCacheDir = env[CACHE_DIR_ENV]?.trim();
    const envBaseUrl = env.REPLICATE_BASE_URL?.trim();
    return {
      concurrency: stored.concurrency ?? DEFAULT_CONCURRENCY,
      cacheLimitBytes: stored.cacheLimitBytes ?? DEFAULT_CACHE_LIMIT_BYTES,
      cacheDir: envCacheDir ? this.defaults.cacheDir : (stored.cacheDir ?? this.defaults.cacheDir),
      apiBaseUrl: stripSlash(envBaseUrl || stored.apiBaseUrl || DEFAULT_API_BASE_URL),
      provider: stored.provider ?? { kind: 'replicate' },
    };
  }
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
