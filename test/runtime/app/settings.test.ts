// Settings persist in the data folder; a bad value changes nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/temp-dir';
import { useServices } from './service-harness';

describe('settings', () => {
  const services = useServices();
  const tempDir = useTempDirs();

  it('starts from defaults, and keeps what the user changed across restarts', async () => {
    const s = services();
    const defaults = await s.call('settings.get', {});
    expect(defaults).toMatchObject({ concurrency: 4, cacheDir: s.cacheDir, apiBaseUrl: 'https://api.replicate.com/v1', provider: { kind: 'replicate' } });

    const movedCache = tempDir();
    await s.call('settings.set', { concurrency: 8, cacheDir: movedCache, provider: { kind: 'cog', url: 'http://localhost:5000' } });
    const later = services({ dataDir: s.dataDir });
    expect(await later.call('settings.get', {})).toMatchObject({ concurrency: 8, cacheDir: movedCache, provider: { kind: 'cog', url: 'http://localhost:5000' } });
    // Only what was changed is stored, so better defaults still reach this user.
    expect(Object.keys(JSON.parse(readFileSync(join(s.dataDir, 'settings.json'), 'utf8'))).sort()).toEqual(['cacheDir', 'concurrency', 'provider']);
    expect((await later.call('cache.stats', {})).folder).toBe(movedCache);
  });

  it('refuses invalid values without storing any of the change', async () => {
    const s = services();
    await expect(s.call('settings.set', { concurrency: 0 })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(s.call('settings.set', { concurrency: 2, cacheDir: 'relative/cache' })).rejects.toThrow(/absolute/);
    expect((await s.call('settings.get', {})).concurrency).toBe(4);
  });

  it('lets REPLICATE_BASE_URL from the environment win, for tests and local emulators', async () => {
    const s = services({ env: { REPLICATE_BASE_URL: 'http://127.0.0.1:9/v1/' } });
    expect((await s.call('settings.get', {})).apiBaseUrl).toBe('http://127.0.0.1:9/v1');
  });
});
