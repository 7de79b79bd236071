/**
 * Where Weft keeps its files, per operating system.
 *
 * - cache: content-addressed blobs and call records. Safe to delete (it only costs predictions to
 *   rebuild), so it lives where backup tools and disk cleaners expect disposable data.
 * - data: run history, settings, crash recovery. Not disposable.
 *
 * The desktop app and the CLI must agree on both folders, so everything is derived from the platform,
 * the environment and the home folder alone. The `*For` functions are pure (they take those three as
 * arguments and never read `process`) so every platform can be tested from any platform; the `default*`
 * functions apply them to the current process.
 */
import os from 'node:os';
import path from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

/** Overrides, mainly for tests, portable installs and CI. */
export const CACHE_DIR_ENV = 'WEFT_CACHE_DIR';
export const DATA_DIR_ENV = 'WEFT_DATA_DIR';

function pathsFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** A non-empty override, taken as given (relative ones are resolved by the default* functions). */
function override(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * A base folder from the environment, ignored unless absolute: the XDG spec says relative values are
 * invalid, and a relative %APPDATA% would make the app and the CLI disagree depending on their cwd.
 */
function absoluteFromEnv(env: Env, name: string, p: path.PlatformPath): string | undefined {
  const value = env[name]?.trim();
  return value && p.isAbsolute(value) ? value : undefined;
}

export function cacheDirFor(platform: NodeJS.Platform, env: Env, homedir: string): string {
  const explicit = override(env, CACHE_DIR_ENV);
  if (explicit) return explicit;
  const p = pathsFor(platform);
  switch (platform) {
    case 'darwin':
      return p.join(homedir, 'Library', 'Caches', 'Weft');
    case 'win32':
      // Local, not Roaming: a cache of gigabytes must not be synced between machines.
      return p.join(absoluteFromEnv(env, 'LOCALAPPDATA', p) ?? p.join(homedir, 'AppData', 'Local'), 'Weft', 'Cache');
    default:
      return p.join(absoluteFromEnv(env, 'XDG_CACHE_HOME', p) ?? p.join(homedir, '.cache'), 'weft');
  }
}

export function dataDirFor(platform: NodeJS.Platform, env: Env, homedir: string): string {
  const explicit = override(env, DATA_DIR_ENV);
  if (explicit) return explicit;
  const p = pathsFor(platform);
  switch (platform) {
    case 'darwin':
      return p.join(homedir, 'Library', 'Application Support', 'Weft');
    case 'win32':
      return p.join(absoluteFromEnv(env, 'APPDATA', p) ?? p.join(homedir, 'AppData', 'Roaming'), 'Weft');
    default:
      return p.join(absoluteFromEnv(env, 'XDG_DATA_HOME', p) ?? p.join(homedir, '.local', 'share'), 'weft');
  }
}

/** The fixed places inside the data folder. */
export interface DataPaths {
  history: string;
  settings: string;
  recovery: string;
  /** Reusable groups, one `<name>.weft-group` file each. */
  library: string;
}

export function dataPathsFor(platform: NodeJS.Platform, dataDir: string): DataPaths {
  const p = pathsFor(platform);
  return {
    history: p.join(dataDir, 'history'),
    settings: p.join(dataDir, 'settings.json'),
    recovery: p.join(dataDir, 'recovery'),
    library: p.join(dataDir, 'library'),
  };
}

/** The cache folder for this process (relative overrides resolved against the current folder). */
export function defaultCacheDir(): string {
  return path.resolve(cacheDirFor(process.platform, process.env, os.homedir()));
}

/** The data folder for this process (relative overrides resolved against the current folder). */
export function defaultDataDir(): string {
  return path.resolve(dataDirFor(process.platform, process.env, os.homedir()));
}

export function defaultDataPaths(): DataPaths {
  return dataPathsFor(process.platform, defaultDataDir());
}
