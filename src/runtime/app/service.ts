// The app API's implementation, independent of any host: one async function per call of
// src/api/contract.ts, under the same name. Hosts hand this object to createApiHandler (which validates
// every request and answer with the contract's schemas, and checks this object's shape at compile time)
// and use the few host-only members below, whose names have no dot and so can never be API calls.
import { appInfoCalls } from './app-info';
import { createAppContext } from './app-context';
import { documentCalls } from './documents/document-calls';
import { exportCalls } from './export/export-calls';
import type { AppServiceOptions } from './host-hooks';
import { imageCalls } from './images/image-calls';
import type { ImageReader } from './images/image-reader';
import { groupLibraryCalls } from './group-library/group-library-calls';
import { libraryCalls } from './library/library-calls';
import { modelCalls } from './models/model-calls';
import { recoveryCalls } from './recovery/recovery-calls';
import { runCalls } from './run/run-calls';
import { settingsCalls } from './settings/settings-calls';
import { tokenCalls } from './token/token-calls';

export function createAppService(options: AppServiceOptions) {
  const ctx = createAppContext(options);
  const runs = runCalls(ctx);
  return {
    ...appInfoCalls(ctx),
    ...documentCalls(ctx),
    ...exportCalls(ctx),
    ...recoveryCalls(ctx),
    ...runs.calls,
    ...libraryCalls(ctx),
    ...settingsCalls(ctx),
    ...tokenCalls(ctx),
    ...imageCalls(ctx),
    ...modelCalls(ctx),
    ...groupLibraryCalls(ctx),
    /** For the hosts' image routes (`/images/<sha256>`, `app://weft/images/<sha256>`): never an API call. */
    images: ctx.images satisfies ImageReader,
    /** Cancels running runs and flushes history; the service is unusable afterwards. */
    async close(): Promise<void> {
      await runs.cancelAll();
      await ctx.resources.close();
    },
  };
}

export type AppService = ReturnType<typeof createAppService>;
