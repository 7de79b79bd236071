// The workflows opened lately.
import { useEffect, useState } from 'react';
import type { ApiResponse } from '../../api';
import { api } from '../api/client';
import { closeDialog } from '../commands/dialogs';
import { openRecent } from '../commands/file-commands';
import { formatTime } from '../lib/format';
import { reportError } from '../store/toasts';
import { Modal } from './Modal';

export function RecentDialog() {
  const [entries, setEntries] = useState<ApiResponse<'workflow.recent'>['entries']>();
  useEffect(() => {
    api()['workflow.recent']({}).then((r) => setEntries(r.entries), (e: unknown) => reportError(e, 'Could not list recent files'));
  }, []);
  return (
    <Modal title="Recent workflows" testId="recent-dialog" onClose={closeDialog}>
      {entries?.length === 0 && <p className="muted">Nothing opened yet.</p>}
      <ul className="recent-list">
        {entries?.map((r) => (
          <li key={r.id}>
            <button
              type="button"
              className="link"
              data-testid={`recent-${r.name}`}
              onClick={() => {
                closeDialog();
                void openRecent(r.id);
              }}
            >
              {r.name}
            </button>
            <span className="muted">
              {r.displayPath} · {formatTime(r.openedAt)}
            </span>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
