// The desktop app, assembled. Before 'ready': the app:// scheme, the sandbox, the single-instance lock and
// the OS's file-open events (macOS sends 'open-file' before ready). After: the hardened session, the
// protocol, the token store, the app service, IPC, the menu and the window. Each part lives in its own
// module; this file only wires them.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BrowserWindow, app, protocol, screen, session } from 'electron';
import { createApiHandler } from '../api/handler';
import { createAppService } from '../runtime/app/service';
import { APP_SCHEME, RENDERER_ENTRY_URL, IMAGE_BASE, type RendererOrigins } from './app-origin';
import { AppMenu } from './app-menu';
import { dataDirOverride, desktopPaths, type DesktopPaths } from './desktop-paths';
import { createEventSender, type EventSender } from './ipc/event-broadcast';
import { serveApiOverIpc, type ApiHandle } from './ipc/serve-api';
import { createMainWindow, windowStateOf } from './main-window';
import { askAboutUnsavedChanges, fileDialogs, showError } from './native-dialogs';
import { OpenFileQueue, weftFilesFromArgv } from './open-files';
import { OsFileChoice } from './os-file-choice';
import { createAppProtocolHandler } from './protocol/app-protocol';
import { registerAppScheme } from './protocol/register-scheme';
import { documentationUrl, openExternalIfAllowed } from './security/external-links';
import { hardenSession } from './security/session';
import { hardenWebContents } from './security/web-contents';
import { openTokenStore } from './token-store';
import { UnsavedChangesGuard } from './unsaved-changes-guard';
import { createWindowApi } from './window-api';
import { WindowRegistry } from './window-registry';
import { startElectronUpdateChecks } from './updates/electron-updates';
import { loadWindowState, saveWindowState } from './window-state';

export interface DesktopAppOptions {
  env: Readonly<Record<string, string | undefined>>;
  argv: readonly string[];
  cwd: string;
  platform: NodeJS.Platform;
  /** The folder of the built main process (out/main). */
  mainDir: string;
  log?: (message: string) => void;
  fetch?: typeof fetch;
}

interface WindowEntry {
  /** The window's API, for calls the host makes on its behalf (open a recent file, a file from the OS). */
  api: ApiHandle;
  guard: UnsavedChangesGuard;
  /** Resolves at the renderer's first API call: it has subscribed to events and can be told things. */
  ready: Promise<void>;
  markReady(): void;
}

/** How long quitting waits for the service to cancel runs and flush history. */
const SHUTDOWN_TIMEOUT_MS = 5_000;

export interface DesktopApp {
  /** Resolves once the first window exists (tests wait on it). */
  started: Promise<void>;
}

export function startDesktopApp(options: DesktopAppOptions): DesktopApp | undefined {
  const log = options.log ?? ((message: string) => console.error(`[weft] ${message}`));
  const development = !app.isPackaged;
  const origins: RendererOrigins = { devServerUrl: development ? options.env.ELECTRON_RENDERER_URL : undefined };

  // Must all happen before 'ready'.
  registerAppScheme();
  app.enableSandbox();
  const dataOverride = dataDirOverride(options.env);
  if (dataOverride) app.setPath('userData', dataOverride);
  if (!app.requestSingleInstanceLock()) {
    // Another Weft is running: it receives our command line (and our files) through 'second-instance'.
    app.quit();
    return undefined;
  }
  const fromOs = new OpenFileQueue();
  fromOs.add(weftFilesFromArgv(options.argv, options.cwd, app.isPackaged));
  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    fromOs.add([filePath]);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    // Someone started Weft again: bring our window forward and open the files they named.
    const window = BrowserWindow.getAllWindows()[0];
    if (window?.isMinimized()) window.restore();
    window?.focus();
    fromOs.add(weftFilesFromArgv(argv, workingDirectory, app.isPackaged));
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, origins, log));

  const started = app.whenReady().then(() => startWhenReady(options, { development, origins, fromOs, log }));
  started.catch((error: unknown) => {
    log(`Weft could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    showError(undefined, 'Weft could not start', String(error));
  });
  return { started };
}

interface StartContext {
  development: boolean;
  origins: RendererOrigins;
  fromOs: OpenFileQueue;
  log: (message: string) => void;
}

async function startWhenReady(options: DesktopAppOptions, { development, origins, fromOs, log }: StartContext): Promise<void> {
  const paths: DesktopPaths = desktopPaths({
    env: options.env,
    userData: app.getPath('userData'),
    appPath: app.getAppPath(),
    mainDir: options.mainDir,
    platform: options.platform,
  });
  hardenSession(session.defaultSession, log);

  const windows = new WindowRegistry<WindowEntry>();
  const events: EventSender = createEventSender(() => windows.webContents(), log);
  const preferredWindow = () => windows.preferred(BrowserWindow.getFocusedWindow());
  const docsUrl = await readFile(join(app.getAppPath(), 'package.json'), 'utf8').then(documentationUrl, () => undefined);
  const dialogs = fileDialogs(preferredWindow);
  const osChoice = new OsFileChoice();
  const tokenStore = await openTokenStore({ userDataDir: paths.userDataDir, env: options.env, platform: options.platform, log });

  const service = createAppService({
    host: 'electron',
    appVersion: app.getVersion(),
    platform: options.platform,
    imageBase: IMAGE_BASE,
    cacheDir: paths.cacheDir,
    dataDir: paths.dataDir,
    examplesDir: paths.examplesDir,
    env: options.env,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    hooks: {
      ...dialogs,
      chooseWorkflowToOpen: async () => osChoice.take() ?? dialogs.chooseWorkflowToOpen(),
      acceptsPathsFromRenderer: false,
      tokenStore,
      emit: (event) => events.broadcast(event),
      log,
    },
  });
  // For calls the host makes itself (the recent list for the menu).
  const hostCalls = createApiHandler(service, log);

  protocol.handle(APP_SCHEME, createAppProtocolHandler({ rendererRoot: paths.rendererRoot, images: service.images, log }));
  serveApiOverIpc({
    ...origins,
    handlerFor: (contents) => {
      const entry = windows.find(contents)?.extra;
      if (!entry) return undefined;
      return (method, payload) => {
        entry.markReady();
        return entry.api(method, payload);
      };
    },
    log,
  });

  let quitting = false;
  const pendingWrites = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    pendingWrites.add(work);
    void work.finally(() => pendingWrites.delete(work));
  };

  const menu = new AppMenu(
    {
      appName: app.name,
      platform: options.platform,
      development,
      send: (command) => {
        const window = preferredWindow();
        if (window) events.sendTo(window.webContents, { channel: 'command', command });
      },
      openRecent: (id) => void openInWindow(async (entry) => entry.api('workflow.open', { kind: 'recent', id })),
      openDocumentation: docsUrl ? () => void openExternalIfAllowed(docsUrl, log) : undefined,
    },
    async () => {
      const reply = await hostCalls('workflow.recent', {});
      return reply.ok ? (reply.value as { entries: Array<{ id: string; name: string; displayPath: string }> }).entries : [];
    },
    log,
  );
  menu.install();
  void menu.refresh();

  async function openWindow(): Promise<BrowserWindow> {
    const state = await loadWindowState(paths.userDataDir, screen.getAllDisplays().map((display) => display.workArea));
    const rendererUrl = origins.devServerUrl ?? RENDERER_ENTRY_URL;
    const window = createMainWindow(state, { preloadPath: paths.preloadPath, development }, rendererUrl, log);
    const guard = new UnsavedChangesGuard({
      ask: (names) => askAboutUnsavedChanges(window, names),
      requestSave: (scope) => events.sendTo(window.webContents, { channel: 'command', command: scope === 'all' ? 'save-all' : 'save' }),
      close: () => {
        window.close();
        // A quit was held up by this question: carry on with it now that it is answered.
        if (quitting) app.quit();
      },
      onCloseAbandoned: () => {
        quitting = false;
      },
    });
    let markReady!: () => void;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const api = createWindowApi(service, { guard, onRecentChanged: () => void menu.refresh(), log });
    windows.add(window, { api, guard, ready, markReady });
    window.on('close', (event) => {
      if (!guard.allowClose()) {
        event.preventDefault();
        return;
      }
      track(saveWindowState(paths.userDataDir, windowStateOf(window)).catch((error: unknown) => log(`cannot remember the window: ${String(error)}`)));
    });
    return window;
  }

  /** Opens a document in the preferred window (a new one if none is open) and hands it to the editor. */
  async function openInWindow(open: (entry: WindowEntry) => Promise<Awaited<ReturnType<ApiHandle>>>): Promise<void> {
    const window = preferredWindow() ?? (await openWindow());
    const entry = windows.extraOf(window);
    if (!entry) return;
    const reply = await open(entry);
    if (!reply.ok) return showError(window, 'The workflow could not be opened', reply.error.error);
    const value = reply.value as { document?: unknown };
    if (!value.document) return; // canceled
    await entry.ready;
    events.sendTo(window.webContents, { channel: 'document-opened', document: value.document as never });
  }

  function openFromOs(filePath: string): void {
    const window = preferredWindow();
    if (window?.isMinimized()) window.restore();
    window?.focus();
    void openInWindow((entry) => osChoice.open(filePath, () => entry.api('workflow.open', { kind: 'dialog' })));
  }

  app.on('window-all-closed', () => {
    if (options.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  let shutDown = false;
  app.on('will-quit', (event) => {
    if (shutDown) return;
    event.preventDefault();
    const timeout = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_TIMEOUT_MS).unref());
    const work = Promise.allSettled([...pendingWrites, service.close()]);
    void Promise.race([work, timeout]).finally(() => {
      shutDown = true;
      app.quit();
    });
  });

  await openWindow();
  fromOs.attach(openFromOs);
  // Offered, never forced: a dialog after the first check; installs only when the user quits.
  startElectronUpdateChecks({ env: options.env, log, parentWindow: () => preferredWindow() });
  app.on('activate', () => {
    // macOS: clicking the dock icon with no window open opens one.
    if (windows.windows().length === 0) void openWindow();
  });
}
