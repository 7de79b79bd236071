// library.*: reusable groups in `<dataDir>/library`. The editor saves a group with the engine's
// groupPackage (the group with what it needs) and inserts a loaded one with insertGroupPackage.
import type { GroupPackage } from '../../../engine';
import { GroupLibraryError, type GroupContents } from '../../group-library/group-library';
import { AppFailure, withStorageErrors, type FailureCode } from '../app-failure';
import type { AppContext } from '../app-context';

const CODES: Record<GroupLibraryError['code'], FailureCode> = { 'not-found': 'not-found', exists: 'conflict', 'invalid-id': 'bad-request', damaged: 'io' };

/** Library errors carry a sentence for the user already; give them the matching API code. */
async function answer<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await withStorageErrors(work);
  } catch (error) {
    if (error instanceof GroupLibraryError) throw new AppFailure(error.message, CODES[error.code]);
    throw error;
  }
}

export function groupLibraryCalls(ctx: AppContext) {
  return {
    'library.list': async (_request: object) => answer(() => ctx.groupLibrary.list()),

    'library.save': async (request: GroupContents & { id?: string | undefined; replace: boolean }) =>
      answer(async () => {
        const { id, replace, group, groups, assets, models } = request;
        return { entry: await ctx.groupLibrary.save({ group, groups, assets, models }, { replace, ...(id !== undefined ? { id } : {}) }) };
      }),

    'library.load': async (request: { id: string }) =>
      answer(async () => {
        const { group, groups, assets, models }: GroupPackage = await ctx.groupLibrary.load(request.id);
        return { id: request.id, group, groups, assets, models };
      }),

    'library.delete': async (request: { id: string }) =>
      answer(async () => {
        await ctx.groupLibrary.delete(request.id);
        return {};
      }),
  };
}
