// The Replicate token, kept by the main process only. Encrypted with safeStorage (the OS keychain: macOS
// Keychain, Windows DPAPI, libsecret/KWallet on Linux) into a file in userData. Where no keyring exists
// (safeStorage unavailable, or Linux falling back to its 'basic_text' store, which "encrypts" with a
// hard-coded key) the token is kept in memory only and the user is told so: a plaintext file would look
// safe and not be. REPLICATE_API_TOKEN from the environment is used when nothing is stored.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import type { TokenStorage, TokenStore } from '../runtime/app/host-hooks';
import { writeFileAtomic } from '../runtime/storage/atomic';

export const TOKEN_FILE_NAME = 'replicate-token.bin';

export const MEMORY_ONLY_WARNING =
  'This system offers no keyring to Weft, so your Replicate token is kept in memory only: it will be forgotten ' +
  'when Weft quits. Install and unlock a keyring (GNOME Keyring or KWallet), or set REPLICATE_API_TOKEN in the environment.';
export const UNREADABLE_WARNING =
  'The stored Replicate token could not be decrypted (the keyring changed or was reset). Enter the token again.';

export interface SafeStorageTokenStoreOptions {
  userDataDir: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  log: (message: string) => void;
}

/** Whether safeStorage protects secrets for real on this machine. Only meaningful after app 'ready'. */
async function keyringAvailable(platform: NodeJS.Platform): Promise<boolean> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return false;
  return platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
}

/** Opens the store: checks the keyring and reads (decrypts) a stored token once. */
export async function openTokenStore(options: SafeStorageTokenStoreOptions): Promise<TokenStore> {
  const file = path.join(options.userDataDir, TOKEN_FILE_NAME);
  const secure = await keyringAvailable(options.platform);
  let stored: string | undefined;
  let memory: string | undefined;
  let unreadable = false;

  if (secure) {
    try {
      const encrypted = await fsp.readFile(file);
      stored = (await safeStorage.decryptStringAsync(encrypted)).result;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        unreadable = true;
        options.log(`the stored token could not be read: ${(error as Error).message}`);
      }
    }
  }

  const fromEnv = () => options.env.REPLICATE_API_TOKEN?.trim() || undefined;

  return {
    async get() {
      return memory ?? stored ?? fromEnv();
    },
    async set(token) {
      unreadable = false;
      if (!secure) {
        memory = token;
        return;
      }
      const encrypted = await safeStorage.encryptStringAsync(token);
      await writeFileAtomic(file, encrypted, { mode: 0o600 });
      stored = token;
    },
    async clear() {
      memory = undefined;
      stored = undefined;
      unreadable = false;
      await fsp.rm(file, { force: true });
    },
    storage(): TokenStorage {
      if (memory !== undefined) return 'memory';
      if (stored !== undefined) return 'keychain';
      if (fromEnv()) return 'environment';
      return 'none';
    },
    warning() {
      if (!secure) return MEMORY_ONLY_WARNING;
      if (unreadable) return UNREADABLE_WARNING;
      return undefined;
    },
  };
}
