// What the app service needs from the host it runs in (Electron or the browser host): native dialogs,
// where the token is kept, and how to push events to the renderer. The service never knows which host.

export type TokenStorage = 'keychain' | 'memory' | 'environment' | 'none';

export interface TokenStore {
  get(): Promise<string | undefined>;
  set(token: string): Promise<void>;
  clear(): Promise<void>;
  storage(): TokenStorage;
  /** Said to the user when the storage is weaker than they would expect ("kept in memory only: ..."). */
  warning(): string | undefined;
}

export interface HostHooks {
  /** Native "open workflow" dialog; undefined when canceled or when the host has no dialogs. */
  chooseWorkflowToOpen?(): Promise<string | undefined>;
  chooseWorkflowSavePath?(suggestedName: string): Promise<string | undefined>;
  chooseImageToImport?(): Promise<string | undefined>;
  chooseImageSavePath?(suggestedName: string): Promise<string | undefined>;
  /** Native folder dialog for `workflow.export` (the script and its images go in the folder chosen). */
  chooseExportFolder?(suggestedName: string): Promise<string | undefined>;
  /**
   * The renderer says which documents have unsaved changes (window.setDirty), so the desktop host can
   * ask before closing the window. Hosts without windows (the browser host) leave it out.
   */
  setDirty?(state: { dirty: boolean; names: string[] }): void;
  /** True only for the browser host, whose user types paths into its own prompt. */
  acceptsPathsFromRenderer: boolean;
  tokenStore: TokenStore;
  /** Pushes an event (an ApiEvent in src/api/contract.ts) to every open renderer. */
  emit(event: unknown): void;
  log(message: string): void;
}

export interface AppServiceOptions {
  host: 'electron' | 'web';
  appVersion: string;
  platform: string;
  /** Where the renderer fetches images: `${imageBase}/<sha256>`, `?thumb=256` for a downscaled copy. */
  imageBase: string;
  cacheDir: string;
  dataDir: string;
  examplesDir: string;
  hooks: HostHooks;
  /** Environment of the process (REPLICATE_API_TOKEN, REPLICATE_BASE_URL); injected so tests control it. */
  env: Readonly<Record<string, string | undefined>>;
  /** fetch for the Replicate provider and URL imports; tests aim it at the emulator. */
  fetch?: typeof fetch;
}
