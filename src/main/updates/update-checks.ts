// Updates, offered and never forced. At start (after a short delay, so the window comes first) Weft asks
// GitHub releases whether a newer version exists; if so it asks the user, and downloads only on "yes".
// A downloaded update is installed when the user next quits Weft, after the app's own quit sequence
// (unsaved-changes questions, history flushed): electron-updater runs the installer on Electron's 'quit'
// event, which only fires once every window agreed to close. There is deliberately no "restart now":
// electron-updater's quitAndInstall starts the installer before the windows are asked, and the installer
// then has to close a Weft that may still hold unsaved work.
// Checks that fail at start are logged, not shown: being offline is not the user's problem to dismiss.
// A check the user asked for (a menu item) always answers.
//
// electron-updater and Electron's dialog are injected (see electron-updates.ts for the real ones), so the
// whole policy is tested with fakes and no network.
import { checkFailedMessage, downloadFailedMessage, offerMessage, readyMessage, upToDateMessage, type UpdateMessage } from './update-messages';

/** The part of electron-updater's AppUpdater used here (the real one satisfies it; a test asserts so). */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: { version: string } } | null>;
  downloadUpdate(): Promise<unknown>;
}

export interface UpdateCheckDeps {
  /**
   * Loads electron-updater's autoUpdater, at the first check: its modules stay off the start-up path,
   * and a disabled updater is never loaded at all.
   */
  loadUpdater(): UpdaterPort;
  /** Shows a message box and resolves with the index of the button chosen (Electron's dialog). */
  ask(message: UpdateMessage): Promise<number>;
  /** The running version (app.getVersion()). */
  currentVersion: string;
  /** False in development and when the user or their administrator turned updates off. */
  enabled: boolean;
  log(message: string): void;
  /** How long after start the first check waits (default 10 s). */
  startDelayMs?: number;
  /** Waits (setTimeout in the app; instant in tests). */
  wait?: (ms: number) => Promise<void>;
}

export type UpdateOutcome =
  | { kind: 'disabled' }
  | { kind: 'busy' } // a check or download is already under way
  | { kind: 'up-to-date' }
  | { kind: 'declined'; version: string }
  | { kind: 'downloaded'; version: string } // installed when the user quits
  | { kind: 'failed'; stage: 'check' | 'download'; error: string };

export interface UpdateChecks {
  /** The check made at start (resolves once it and anything the user chose have finished). */
  readonly atStart: Promise<UpdateOutcome>;
  /** A check the user asked for: says "up to date" or why it failed, instead of staying silent. */
  checkNow(): Promise<UpdateOutcome>;
}

const OFFER_DOWNLOAD = 0; // the button index in update-messages.ts

/** Set to 1 to never contact GitHub for updates (managed machines, offline installs, CI). */
export const UPDATES_OFF_ENV = 'WEFT_NO_UPDATES';

export function updatesTurnedOff(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env[UPDATES_OFF_ENV]?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

export function startUpdateChecks(deps: UpdateCheckDeps): UpdateChecks {
  const { log } = deps;
  let loaded: UpdaterPort | undefined;
  function updater(): UpdaterPort {
    if (!loaded) {
      loaded = deps.loadUpdater();
      // Never download or install on electron-updater's own initiative: only after the user said so.
      loaded.autoDownload = false;
      loaded.autoInstallOnAppQuit = false;
    }
    return loaded;
  }
  let busy = false;
  let downloaded: string | undefined;

  async function check(userAsked: boolean): Promise<UpdateOutcome> {
    if (!deps.enabled) return { kind: 'disabled' };
    if (busy) return { kind: 'busy' };
    busy = true;
    try {
      return await checkOnce(userAsked);
    } finally {
      busy = false;
    }
  }

  async function checkOnce(userAsked: boolean): Promise<UpdateOutcome> {
    let version: string;
    try {
      const result = await updater().checkForUpdates();
      if (!result?.isUpdateAvailable) {
        if (userAsked) await deps.ask(upToDateMessage(deps.currentVersion));
        return { kind: 'up-to-date' };
      }
      version = result.updateInfo.version;
    } catch (error) {
      return failed('check', error, userAsked);
    }
    if (downloaded === version) {
      // Fetched earlier in this session: say so rather than offer it again.
      if (userAsked) await deps.ask(readyMessage(version));
      return { kind: 'downloaded', version };
    }
    if ((await deps.ask(offerMessage(version, deps.currentVersion))) !== OFFER_DOWNLOAD) {
      log(`update ${version} offered and declined`);
      return { kind: 'declined', version };
    }
    // The user agreed. electron-updater decides whether to install at quit when the download completes,
    // from this flag as it is then: it must be on before the download, not after.
    updater().autoInstallOnAppQuit = true;
    try {
      await updater().downloadUpdate();
    } catch (error) {
      updater().autoInstallOnAppQuit = false;
      return failed('download', error, true); // the user is waiting for it: always say it failed
    }
    downloaded = version;
    log(`update ${version} downloaded; it will be installed when Weft quits`);
    await deps.ask(readyMessage(version));
    return { kind: 'downloaded', version };
  }

  async function failed(stage: 'check' | 'download', error: unknown, tellUser: boolean): Promise<UpdateOutcome> {
    // electron-updater's HTTP errors carry whole response headers: keep the dialog readable.
    const full = error instanceof Error ? error.message : String(error);
    const text = full.length > 300 ? `${full.slice(0, 300)}…` : full;
    log(`update ${stage} failed: ${full}`);
    if (tellUser) await deps.ask(stage === 'check' ? checkFailedMessage(text) : downloadFailedMessage(text));
    return { kind: 'failed', stage, error: text };
  }

  const wait = deps.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const atStart = deps.enabled ? wait(deps.startDelayMs ?? 10_000).then(() => check(false)) : Promise.resolve<UpdateOutcome>({ kind: 'disabled' });
  return { atStart, checkNow: () => check(true) };
}
