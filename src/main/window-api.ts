// The API as one window sees it: the shared service, plus what only the desktop host can do for that
// window. `window.setDirty` feeds the window's unsaved-changes guard; the answers of save calls tell the
// guard whether a "Save" asked for on close went through; opening and saving refresh File > Open Recent.
import { createApiHandler, type ApiImplementation } from '../api/handler';
import type { ApiHandle } from './ipc/serve-api';
import type { SaveOutcome, UnsavedChangesGuard } from './unsaved-changes-guard';

/** What the runtime's app service implements: every call but the host's own. */
export type ServiceCalls = Omit<ApiImplementation, 'window.setDirty'>;

export interface WindowApiOptions {
  guard: UnsavedChangesGuard;
  onRecentChanged(): void;
  log(message: string): void;
}

function saveOutcome(answer: unknown): SaveOutcome {
  if (typeof answer === 'object' && answer !== null) {
    if ('saved' in answer && answer.saved === true) return 'saved';
    if ('needsTarget' in answer && answer.needsTarget === true) return 'needs-target';
  }
  return 'not-saved';
}

export function createWindowApi(service: ServiceCalls, { guard, onRecentChanged, log }: WindowApiOptions): ApiHandle {
  async function observedSave<T>(save: () => Promise<T>): Promise<T> {
    try {
      const answer = await save();
      guard.noteSaveOutcome(saveOutcome(answer));
      onRecentChanged();
      return answer;
    } catch (error) {
      guard.noteSaveOutcome('not-saved');
      throw error;
    }
  }

  const implementation: ApiImplementation = {
    ...service,
    'workflow.open': async (request) => {
      const answer = await service['workflow.open'](request);
      onRecentChanged();
      return answer;
    },
    'workflow.save': (request) => observedSave(() => service['workflow.save'](request)),
    'workflow.saveAs': (request) => observedSave(() => service['workflow.saveAs'](request)),
    'window.setDirty': async (request) => {
      guard.setDirty(request);
      return {};
    },
  };
  return createApiHandler(implementation, log);
}
