// Where the desktop app finds its parts and keeps its files. The cache is the runtime's default (shared
// with the CLI; WEFT_CACHE_DIR overrides it); data (token, window state, history, settings, recovery) is
// Electron's userData folder unless WEFT_DATA_DIR says otherwise.
import os from 'node:os';
import path from 'node:path';
import { DATA_DIR_ENV, cacheDirFor, type Env } from '../runtime/paths';

export interface DesktopPaths {
  dataDir: string;
  cacheDir: string;
  /** The built renderer, served as app://weft/. */
  rendererRoot: string;
  preloadPath: string;
  examplesDir: string;
}

export interface DesktopPathInputs {
  env: Env;
  /** app.getPath('userData') */
  userData: string;
  /** app.getAppPath(): the project folder unpackaged, app.asar packaged. */
  appPath: string;
  /** The folder of the built main process (out/main). */
  mainDir: string;
  platform: NodeJS.Platform;
}

/** WEFT_DATA_DIR as an absolute folder, if set. */
export function dataDirOverride(env: Env): string | undefined {
  const value = env[DATA_DIR_ENV]?.trim();
  return value ? path.resolve(value) : undefined;
}

export function desktopPaths({ env, userData, appPath, mainDir, platform }: DesktopPathInputs): DesktopPaths {
  return {
    dataDir: dataDirOverride(env) ?? userData,
    cacheDir: path.resolve(cacheDirFor(platform, env, os.homedir())),
    rendererRoot: path.join(mainDir, '..', 'renderer'),
    preloadPath: path.join(mainDir, '..', 'preload', 'index.cjs'),
    examplesDir: path.join(appPath, 'resources', 'examples'),
  };
}
