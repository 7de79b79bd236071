// Everything the service's calls share, built once per service by createAppService.
import { GroupLibrary } from '../group-library/group-library';
import { dataPathsFor } from '../paths';
import { Examples } from './documents/examples';
import { DocumentRegistry } from './documents/document-registry';
import { RecentFiles } from './documents/recent-files';
import type { AppServiceOptions, HostHooks } from './host-hooks';
import { ImageReader } from './images/image-reader';
import { RecoveryStore } from './recovery/recovery-store';
import { RuntimeResources } from './runtime-resources';
import { SettingsStore } from './settings/settings-store';

export interface AppContext {
  options: AppServiceOptions;
  hooks: HostHooks;
  log: (message: string) => void;
  fetch: typeof fetch;
  settings: SettingsStore;
  resources: RuntimeResources;
  documents: DocumentRegistry;
  recent: RecentFiles;
  recovery: RecoveryStore;
  examples: Examples;
  images: ImageReader;
  groupLibrary: GroupLibrary;
}

export function createAppContext(options: AppServiceOptions): AppContext {
  const log = (message: string) => options.hooks.log(message);
  const paths = dataPathsFor(process.platform, options.dataDir);
  const fetchImpl = options.fetch ?? fetch;
  const settings = new SettingsStore(paths.settings, { cacheDir: options.cacheDir, env: options.env }, log);
  const resources = new RuntimeResources(options.dataDir, settings, fetchImpl, log);
  return {
    options,
    hooks: options.hooks,
    log,
    fetch: fetchImpl,
    settings,
    resources,
    documents: new DocumentRegistry(),
    recent: new RecentFiles(options.dataDir, log),
    recovery: new RecoveryStore(paths.recovery, { log }),
    examples: new Examples(options.examplesDir),
    images: new ImageReader(() => resources.cache()),
    groupLibrary: new GroupLibrary(paths.library),
  };
}

