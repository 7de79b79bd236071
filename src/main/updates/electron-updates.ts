// The update checks with the real parts: electron-updater's autoUpdater (GitHub releases, as published by
// electron-builder.yml) and Electron's message boxes. electron-updater is loaded at the first check (10 s
// after start), and never when updates are off or the app is not packaged.
import { createRequire } from 'node:module';
import { app, dialog, type BrowserWindow } from 'electron';
import { startUpdateChecks, updatesTurnedOff, type UpdateChecks, type UpdaterPort } from './update-checks';

export interface ElectronUpdateOptions {
  env: Readonly<Record<string, string | undefined>>;
  log(message: string): void;
  /** The window the dialogs belong to, if one is open. */
  parentWindow(): BrowserWindow | undefined;
}

/**
 * electron-updater is CommonJS and exports `autoUpdater` through a getter that ESM's named-export detection
 * misses, so it is required, not imported: the same result whatever the bundler does with import().
 */
function loadAutoUpdater(log: (message: string) => void): UpdaterPort {
  const { autoUpdater } = createRequire(__filename)('electron-updater') as typeof import('electron-updater');
  const say = (message: unknown) => log(`updater: ${String(message)}`);
  autoUpdater.logger = { info: say, warn: say, error: say, debug: () => {} };
  return autoUpdater;
}

export function startElectronUpdateChecks({ env, log, parentWindow }: ElectronUpdateOptions): UpdateChecks {
  return startUpdateChecks({
    loadUpdater: () => loadAutoUpdater(log),
    ask: async (message) => {
      const window = parentWindow();
      const { response } = window ? await dialog.showMessageBox(window, message) : await dialog.showMessageBox(message);
      return response;
    },
    currentVersion: app.getVersion(),
    // Unpackaged (npm start) there is nothing to update: electron-updater would only log that it skips.
    enabled: app.isPackaged && !updatesTurnedOff(env),
    log,
  });
}
