// Where the desktop app finds its parts and keeps its files. The cache and the data folder (history,
// settings, recovery, the group library) are the runtime's defaults, shared with the CLI and the browser
// host (WEFT_CACHE_DIR and WEFT_DATA_DIR override them), so a run made in one shows in the others.
// Electron's own userData folder keeps only what belongs to this app: the encrypted token, window state.
import os from 'node:os';
import path from 'node:path';
import { DATA_DIR_ENV, cacheDirFor, dataDirFor, type Env } from '../runtime/paths';

export interface DesktopPaths {
  dataDir: string;
  /** Electron's userData: the encrypted token and the window state. */
  userDataDir: string;
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
    dataDir: path.resolve(dataDirFor(platform, env, os.homedir())),
    userDataDir: userData,
    cacheDir: path.resolve(cacheDirFor(platform, env, os.homedir())),
    rendererRoot: path.join(mainDir, '..', 'renderer'),
    preloadPath: path.join(mainDir, '..', 'preload', 'index.cjs'),
    examplesDir: path.join(appPath, 'resources', 'examples'),
  };
}
