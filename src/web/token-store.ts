// Where browser mode keeps the Replicate token: REPLICATE_API_TOKEN from the environment, or a token
// set through the editor, kept in this process's memory only (there is no keychain to put it in, and
// writing it to a file in plain text is what users are told Weft never does). The warning says so.
import type { TokenStorage, TokenStore } from '../runtime/app/host-hooks';
import type { Env } from '../runtime/paths';

export const MEMORY_ONLY_WARNING =
  'In browser mode a token set here is kept in memory only and forgotten when the host stops; set REPLICATE_API_TOKEN in the environment to keep it across restarts.';

export class BrowserTokenStore implements TokenStore {
  private memory: string | undefined;
  private fromEnv: string | undefined;

  constructor(env: Env) {
    this.fromEnv = env.REPLICATE_API_TOKEN?.trim() || undefined;
  }

  async get(): Promise<string | undefined> {
    return this.memory ?? this.fromEnv;
  }

  async set(token: string): Promise<void> {
    this.memory = token;
  }

  /** Forgets the environment's token too, for this process: "clear" must mean the app stops using it. */
  async clear(): Promise<void> {
    this.memory = undefined;
    this.fromEnv = undefined;
  }

  storage(): TokenStorage {
    return this.memory ? 'memory' : this.fromEnv ? 'environment' : 'none';
  }

  warning(): string | undefined {
    return this.storage() === 'environment' ? undefined : MEMORY_ONLY_WARNING;
  }
}
