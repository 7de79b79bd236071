// The update policy with a fake electron-updater and fake dialogs: offered, never forced, nothing
// downloaded or installed without the user's yes, and installed only when the user quits. No network,
// no Electron.
import { describe, expect, it } from 'vitest';
import type { AppUpdater } from 'electron-updater';
import { startUpdateChecks, updatesTurnedOff, type UpdateCheckDeps, type UpdaterPort } from '../../src/main/updates/update-checks';
import type { UpdateMessage } from '../../src/main/updates/update-messages';

// Compile-time: the real autoUpdater fits the port startUpdateChecks is written against.
const realUpdaterFits = (updater: AppUpdater): UpdaterPort => updater;
void realUpdaterFits;

/**
 * Behaves like electron-updater where it matters: the install-at-quit handler is added when a download
 * completes, and only if autoInstallOnAppQuit is on at that moment (BaseUpdater.addQuitHandler).
 */
class FakeUpdater implements UpdaterPort {
  autoDownload = true; // electron-updater's defaults, which startUpdateChecks must turn off
  autoInstallOnAppQuit = true;
  checks = 0;
  downloads = 0;
  installsAtQuit = false;
  constructor(
    private readonly latest: string | undefined,
    private readonly failures: { check?: Error; download?: Error } = {},
  ) {}
  async checkForUpdates() {
    this.checks++;
    if (this.failures.check) throw this.failures.check;
    return { isUpdateAvailable: this.latest !== undefined, updateInfo: { version: this.latest ?? '1.0.0' } };
  }
  async downloadUpdate() {
    this.downloads++;
    if (this.failures.download) throw this.failures.download;
    if (this.autoInstallOnAppQuit) this.installsAtQuit = true;
    return ['/cache/weft-updater/pending/Weft-Setup-1.1.0.exe'];
  }
  /** What Electron's 'quit' would do now: run the installer, or not. */
  quit(): boolean {
    return this.installsAtQuit && this.autoInstallOnAppQuit;
  }
}

/** Answers dialogs by the label of the button to press, and records what was shown. */
function fakeUser(...presses: string[]) {
  const shown: UpdateMessage[] = [];
  const ask = async (message: UpdateMessage) => {
    shown.push(message);
    const press = presses.shift();
    const index = press === undefined ? message.cancelId : message.buttons.indexOf(press);
    if (index < 0) throw new Error(`no button "${press}" in ${JSON.stringify(message.buttons)}`);
    return index;
  };
  return { shown, ask };
}

function start(updater: UpdaterPort, ask: UpdateCheckDeps['ask'], overrides: Partial<UpdateCheckDeps> = {}) {
  const logs: string[] = [];
  const waits: number[] = [];
  const checks = startUpdateChecks({
    loadUpdater: () => updater,
    ask,
    currentVersion: '1.0.0',
    enabled: true,
    log: (message) => logs.push(message),
    wait: async (ms) => void waits.push(ms),
    ...overrides,
  });
  return { checks, logs, waits };
}

describe('update checks', () => {
  it('turns off electron-updater\'s automatic download and install before the first check', async () => {
    const updater = new FakeUpdater(undefined);
    let flagsAtCheck: boolean[] = [];
    const check = updater.checkForUpdates.bind(updater);
    updater.checkForUpdates = () => ((flagsAtCheck = [updater.autoDownload, updater.autoInstallOnAppQuit]), check());
    await start(updater, fakeUser().ask).checks.atStart;
    expect(flagsAtCheck).toEqual([false, false]);
  });

  it('loads electron-updater only when it first checks, and never when disabled', async () => {
    let loads = 0;
    const updater = new FakeUpdater(undefined);
    const deps = { ask: fakeUser().ask, currentVersion: '1.0.0', log: () => {}, wait: async () => {} };
    const off = startUpdateChecks({ ...deps, enabled: false, loadUpdater: () => (loads++, updater) });
    await off.atStart;
    await off.checkNow();
    expect(loads).toBe(0);
    const on = startUpdateChecks({ ...deps, enabled: true, loadUpdater: () => (loads++, updater) });
    await on.atStart;
    await on.checkNow().catch(() => {});
    expect(loads).toBe(1);
  });

  it('reports an updater that cannot load as a failed check', async () => {
    const checks = startUpdateChecks({
      loadUpdater: () => {
        throw new Error("Cannot find module 'electron-updater'");
      },
      ask: fakeUser().ask,
      currentVersion: '1.0.0',
      enabled: true,
      log: () => {},
      wait: async () => {},
    });
    await expect(checks.atStart).resolves.toMatchObject({ kind: 'failed', stage: 'check' });
  });

  it('checks once at start, after a delay, and stays silent when up to date', async () => {
    const updater = new FakeUpdater(undefined);
    const user = fakeUser();
    const { checks, waits } = start(updater, user.ask, { wait: undefined, startDelayMs: 1 });
    await expect(checks.atStart).resolves.toEqual({ kind: 'up-to-date' });
    expect(updater.checks).toBe(1);
    expect(user.shown).toEqual([]);
    expect(waits).toEqual([]); // the real timer was used (1 ms)
  });

  it('waits 10 s by default before the first check so the window opens first', async () => {
    const { checks, waits } = start(new FakeUpdater(undefined), fakeUser().ask);
    await checks.atStart;
    expect(waits).toEqual([10_000]);
  });

  it('offers an update and, when the user says "Not now", downloads and installs nothing', async () => {
    const updater = new FakeUpdater('1.1.0');
    const user = fakeUser('Not now');
    const { checks } = start(updater, user.ask);
    await expect(checks.atStart).resolves.toEqual({ kind: 'declined', version: '1.1.0' });
    expect(user.shown).toHaveLength(1);
    expect(user.shown[0]).toMatchObject({ message: 'Weft 1.1.0 is available', buttons: ['Download and restart later', 'Not now'], cancelId: 1 });
    expect(updater.downloads).toBe(0);
    expect(updater.quit()).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(false);
  });

  it('treats closing the offer (Escape) as "Not now"', async () => {
    const updater = new FakeUpdater('1.1.0');
    const { checks } = start(updater, fakeUser().ask);
    await expect(checks.atStart).resolves.toMatchObject({ kind: 'declined' });
    expect(updater.downloads).toBe(0);
  });

  it('on "Download and restart later", downloads, says so, and installs only when the user quits', async () => {
    const updater = new FakeUpdater('1.1.0');
    const user = fakeUser('Download and restart later', 'OK');
    const { checks } = start(updater, user.ask);
    await expect(checks.atStart).resolves.toEqual({ kind: 'downloaded', version: '1.1.0' });
    expect(updater.downloads).toBe(1);
    expect(updater.quit()).toBe(true);
    expect(user.shown[1]).toMatchObject({ message: 'Weft 1.1.0 will be installed when you quit Weft', buttons: ['OK'] });
  });

  it('does not download the same update twice in a session: a later check says it is ready', async () => {
    const updater = new FakeUpdater('1.1.0');
    const user = fakeUser('Download and restart later', 'OK', 'OK');
    const { checks } = start(updater, user.ask);
    await checks.atStart;
    await expect(checks.checkNow()).resolves.toEqual({ kind: 'downloaded', version: '1.1.0' });
    expect(updater.downloads).toBe(1);
    expect(user.shown.map((m) => m.title)).toEqual(['Update available', 'Update ready', 'Update ready']);
  });

  it('logs a failed check at start without bothering the user', async () => {
    const updater = new FakeUpdater(undefined, { check: new Error('getaddrinfo ENOTFOUND api.github.com') });
    const user = fakeUser();
    const { checks, logs } = start(updater, user.ask);
    await expect(checks.atStart).resolves.toEqual({ kind: 'failed', stage: 'check', error: 'getaddrinfo ENOTFOUND api.github.com' });
    expect(user.shown).toEqual([]);
    expect(logs.join('\n')).toContain('ENOTFOUND');
  });

  it('answers a check the user asked for, whether up to date or failed', async () => {
    const upToDate = fakeUser();
    await start(new FakeUpdater(undefined), upToDate.ask, { enabled: true }).checks.checkNow();
    expect(upToDate.shown[0]).toMatchObject({ message: 'Weft 1.0.0 is the latest version' });

    const failing = fakeUser();
    const long = new Error(`HttpError: 503 ${'x'.repeat(1000)}`);
    const outcome = await start(new FakeUpdater(undefined, { check: long }), failing.ask).checks.checkNow();
    expect(outcome).toMatchObject({ kind: 'failed', stage: 'check' });
    expect(failing.shown[0]?.title).toBe('Update check failed');
    expect(failing.shown[0]!.detail.length).toBeLessThan(400);
  });

  it('tells the user when a download they asked for fails, and leaves nothing to install', async () => {
    const updater = new FakeUpdater('1.1.0', { download: new Error('sha512 checksum mismatch') });
    const user = fakeUser('Download and restart later');
    const { checks } = start(updater, user.ask);
    await expect(checks.atStart).resolves.toEqual({ kind: 'failed', stage: 'download', error: 'sha512 checksum mismatch' });
    expect(user.shown[1]).toMatchObject({ title: 'Update failed' });
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(updater.quit()).toBe(false);
  });

  it('never checks when disabled (development, WEFT_NO_UPDATES)', async () => {
    const updater = new FakeUpdater('1.1.0');
    const { checks } = start(updater, fakeUser().ask, { enabled: false });
    await expect(checks.atStart).resolves.toEqual({ kind: 'disabled' });
    await expect(checks.checkNow()).resolves.toEqual({ kind: 'disabled' });
    expect(updater.checks).toBe(0);
  });

  it('runs one check at a time', async () => {
    const updater = new FakeUpdater('1.1.0');
    let release!: (index: number) => void;
    const ask = () => new Promise<number>((resolve) => (release = resolve));
    const { checks } = start(updater, ask, { wait: () => new Promise(() => {}) }); // no check at start
    const first = checks.checkNow();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await expect(checks.checkNow()).resolves.toEqual({ kind: 'busy' });
    release(1);
    await expect(first).resolves.toMatchObject({ kind: 'declined' });
    expect(updater.checks).toBe(1);
  });

  it('reads WEFT_NO_UPDATES as a switch', () => {
    expect(updatesTurnedOff({})).toBe(false);
    expect(updatesTurnedOff({ WEFT_NO_UPDATES: '' })).toBe(false);
    expect(updatesTurnedOff({ WEFT_NO_UPDATES: '0' })).toBe(false);
    expect(updatesTurnedOff({ WEFT_NO_UPDATES: 'false' })).toBe(false);
    expect(updatesTurnedOff({ WEFT_NO_UPDATES: '1' })).toBe(true);
    expect(updatesTurnedOff({ WEFT_NO_UPDATES: 'yes' })).toBe(true);
  });
});
