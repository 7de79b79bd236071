// The token: encrypted with safeStorage into userData, memory-only (and said so) without a keyring,
// the environment's REPLICATE_API_TOKEN as a fallback.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { safeStorage } from './fake-electron';
import { MEMORY_ONLY_WARNING, openTokenStore, TOKEN_FILE_NAME, UNREADABLE_WARNING } from '../../src/main/token-store';

const TOKEN = 'r8_Abc123SecretTokenValue';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'weft-token-'));
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = (env: Record<string, string | undefined> = {}, platform: NodeJS.Platform = 'linux') =>
  openTokenStore({ userDataDir: dir, env, platform, log: () => {} });

describe('with a keyring', () => {
  it('stores the token encrypted, never in clear text, and reads it back after a restart', async () => {
    const store = await open();
    expect(store.storage()).toBe('none');
    await store.set(TOKEN);
    expect(store.storage()).toBe('keychain');
    expect(store.warning()).toBeUndefined();
    const onDisk = readFileSync(join(dir, TOKEN_FILE_NAME));
    expect(onDisk.toString('utf8')).not.toContain(TOKEN);
    expect(onDisk.toString('latin1')).not.toContain(TOKEN);

    const reopened = await open();
    expect(reopened.storage()).toBe('keychain');
    expect(await reopened.get()).toBe(TOKEN);
  });

  it('clears the file', async () => {
    const store = await open();
    await store.set(TOKEN);
    await store.clear();
    expect(existsSync(join(dir, TOKEN_FILE_NAME))).toBe(false);
    expect(store.storage()).toBe('none');
    expect(await store.get()).toBeUndefined();
  });

  it('says so when the stored token cannot be decrypted', async () => {
    writeFileSync(join(dir, TOKEN_FILE_NAME), 'garbage');
    const store = await open();
    expect(store.storage()).toBe('none');
    expect(store.warning()).toBe(UNREADABLE_WARNING);
    await store.set(TOKEN);
    expect(store.warning()).toBeUndefined();
  });
});

describe('without a keyring', () => {
  for (const [label, setup] of [
    ['safeStorage unavailable', () => (safeStorage.available = false)],
    ["Linux's basic_text store", () => (safeStorage.backend = 'basic_text')],
  ] as const) {
    it(`keeps the token in memory only and warns (${label})`, async () => {
      setup();
      const encrypt = vi.spyOn(safeStorage, 'encryptStringAsync');
      const store = await open();
      expect(store.warning()).toBe(MEMORY_ONLY_WARNING);
      await store.set(TOKEN);
      expect(store.storage()).toBe('memory');
      expect(store.warning()).toBe(MEMORY_ONLY_WARNING);
      expect(await store.get()).toBe(TOKEN);
      expect(existsSync(join(dir, TOKEN_FILE_NAME))).toBe(false);
      expect(encrypt).not.toHaveBeenCalled();
      encrypt.mockRestore();
      expect((await open()).storage()).toBe('none');
    });
  }

  it('trusts basic_text on macOS and Windows (the value is Linux-only)', async () => {
    safeStorage.backend = 'basic_text';
    const store = await open({}, 'darwin');
    expect(store.warning()).toBeUndefined();
  });
});

describe('environment', () => {
  it('uses REPLICATE_API_TOKEN when nothing is stored, and a stored token over it', async () => {
    const store = await open({ REPLICATE_API_TOKEN: ' r8_fromEnv ' });
    expect(store.storage()).toBe('environment');
    expect(await store.get()).toBe('r8_fromEnv');
    await store.set(TOKEN);
    expect(store.storage()).toBe('keychain');
    expect(await store.get()).toBe(TOKEN);
    await store.clear();
    expect(store.storage()).toBe('environment');
  });
});
