// The API's method names as plain strings. The preload needs only the names (the main process validates
// every request and answer with the schemas), so it stays tiny and imports nothing at run time: a
// sandboxed preload cannot load packages. The type checks below keep this list equal to the API map.
import type { ApiMethod } from '../api/contract';

export const API_METHOD_NAMES = [
  'app.info',
  'workflow.new',
  'workflow.open',
  'workflow.save',
  'workflow.saveAs',
  'workflow.recent',
  'workflow.examples',
  'workflow.export',
  'recovery.autosave',
  'recovery.list',
  'recovery.restore',
  'recovery.discard',
  'run.compile',
  'run.start',
  'run.cancel',
  'history.list',
  'history.get',
  'gallery.list',
  'cache.stats',
  'cache.prune',
  'settings.get',
  'settings.set',
  'token.status',
  'token.set',
  'token.test',
  'token.clear',
  'images.import',
  'images.save',
  'models.describe',
  'library.list',
  'library.save',
  'library.load',
  'library.delete',
  'window.setDirty',
] as const satisfies readonly ApiMethod[];

// Fails to compile when a method is added to the API map and not here.
type Missing = Exclude<ApiMethod, (typeof API_METHOD_NAMES)[number]>;
const everyMethodListed: [Missing] extends [never] ? true : Missing = true;
void everyMethodListed;

/** The same rule as preloadName() in src/api/contract.ts: 'workflow.saveAs' -> 'workflowSaveAs'. */
export function exposedName(method: string): string {
  return method.replace(/\.(\w)/g, (_m, c: string) => c.toUpperCase());
}
