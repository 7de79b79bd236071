// `weft cache stats|prune|clear` on a cache filled by a real run.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { runCli } from '../helpers/cli';
import { EXAMPLES_DIR, useTempDirs } from '../helpers/temp-dir';

describe('weft cache', () => {
  const tempDir = useTempDirs();
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ timing: { queueDelayMs: 2, predictMs: 15 } });
  });
  afterAll(() => emulator.close());

  async function filledCache(): Promise<Record<string, string>> {
    const env = { WEFT_CACHE_DIR: tempDir(), WEFT_DATA_DIR: tempDir(), REPLICATE_API_TOKEN: emulator.token, REPLICATE_BASE_URL: emulator.baseUrl };
    const run = await runCli(['run', join(EXAMPLES_DIR, 'text-to-image-then-img2img.weft')], env);
    expect(run.code).toBe(0);
    return env;
  }

  it('stats: what the cache holds, as text or JSON', async () => {
    const env = await filledCache();
    const text = await runCli(['cache', 'stats'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`folder:  ${env.WEFT_CACHE_DIR}\ncalls:   2\nimages:  2\nsize:    `);
    expect(text.stdout).toContain(' of 10 GiB');
    const json = JSON.parse((await runCli(['cache', 'stats', '--json'], env)).stdout);
    expect(json).toMatchObject({ folder: env.WEFT_CACHE_DIR, calls: 2, blobs: 2, limitBytes: 10 * 1024 ** 3 });
    expect(json.bytes).toBeGreaterThan(0);
  });

  it('prune: evicts down to --max-size, and the next run pays again for what went', async () => {
    const env = await filledCache();
    const pruned = await runCli(['cache', 'prune', '--max-size', '1B'], env);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toMatch(/^removed 2 calls and 2 images: freed [\d.]+ KiB, the cache now holds 0 B \(limit 1 B\)\n$/);
    expect(JSON.parse((await runCli(['cache', 'stats', '--json'], env)).stdout)).toMatchObject({ calls: 0, blobs: 0 });

    const untouched = await runCli(['cache', 'prune', '--max-size', '5GB'], await filledCache());
    expect(untouched.stdout).toMatch(/^removed 0 calls and 0 images: freed 0 B, the cache now holds [\d.]+ KiB \(limit 4\.7 GiB\)\n$/);
  });

  it('clear: empties it', async () => {
    const env = await filledCache();
    const cleared = await runCli(['cache', 'clear'], env);
    expect(cleared.stdout).toMatch(new RegExp(`^cleared ${env.WEFT_CACHE_DIR!.replaceAll('/', '\\/')}: removed 2 calls and 2 images \\([\\d.]+ KiB\\)\\n$`));
    expect(JSON.parse((await runCli(['cache', 'stats', '--json'], env)).stdout)).toMatchObject({ calls: 0, blobs: 0, bytes: 0 });
  });

  it('refuses what it does not understand (exit 2)', async () => {
    const env = { WEFT_CACHE_DIR: tempDir() };
    expect((await runCli(['cache', 'prune', '--max-size', 'lots'], env)).stderr).toContain('--max-size "lots" is not a size like 5GB or 500MB');
    expect((await runCli(['cache', 'shrink'], env)).code).toBe(2);
    expect((await runCli(['cache'], env)).code).toBe(2);
  });
});
