// After a crash or a kill: the unsaved work the host kept, offered back on start.
import { castDraft } from 'immer';
import { api } from '../api/client';
import { appStore, useApp } from '../store/app-store';
import { discardRecovery } from '../store/autosave';
import { openDocument } from '../store/documents';
import { reportError } from '../store/toasts';
import { formatTime } from '../lib/format';

function drop(documentId: string): void {
  appStore.update((s) => {
    s.recoveryOffer = castDraft(s.recoveryOffer.filter((e) => e.documentId !== documentId));
  });
}

async function restore(documentId: string): Promise<void> {
  try {
    const { document } = await api()['recovery.restore']({ documentId });
    openDocument(document, { dirty: true });
    drop(documentId);
  } catch (error) {
    reportError(error, 'Could not restore');
  }
}

export function RecoveryOffer() {
  const entries = useApp((s) => s.recoveryOffer);
  if (entries.length === 0) return null;
  return (
    <div className="recovery" role="alert" data-testid="recovery-offer">
      <strong>Unsaved work from your last session was kept.</strong>
      <ul>
        {entries.map((e) => (
          <li key={e.documentId}>
            <span>
              {e.name}
              <span className="muted"> · {e.displayPath ?? 'never saved'} · {formatTime(e.savedAt)}</span>
            </span>
            <button type="button" className="primary" onClick={() => void restore(e.documentId)} data-testid={`restore-${e.documentId}`}>
              Restore
            </button>
            <button
              type="button"
              onClick={() => {
                drop(e.documentId);
                void discardRecovery(e.documentId);
              }}
            >
              Discard
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
