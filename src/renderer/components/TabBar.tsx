// The open documents as tabs; • marks unsaved changes.
import { closeTab } from '../commands/file-commands';
import { useApp } from '../store/app-store';
import { activate } from '../store/documents';
import { isDirty } from '../store/history';

function Tab({ documentId, active }: { documentId: string; active: boolean }) {
  const name = useApp((s) => s.docs[documentId]?.name ?? '');
  const path = useApp((s) => s.docs[documentId]?.displayPath);
  const dirty = useApp((s) => {
    const d = s.docs[documentId];
    return d ? isDirty(d) : false;
  });
  return (
    <div className={`tab${active ? ' active' : ''}`} role="tab" aria-selected={active} title={path ?? 'Not saved to a file yet'} data-testid={`tab-${documentId}`}>
      <button type="button" className="tab-name" onClick={() => activate(documentId)}>
        {dirty && (
          <span className="dirty" aria-label="unsaved changes" data-testid="dirty-mark">
            •{' '}
          </span>
        )}
        {name}
      </button>
      <button type="button" className="tab-close" aria-label={`Close ${name}`} onClick={() => void closeTab(documentId)}>
        ✕
      </button>
    </div>
  );
}

export function TabBar() {
  const order = useApp((s) => s.order);
  const active = useApp((s) => s.active);
  if (order.length === 0) return null;
  return (
    <div className="tabs" role="tablist">
      {order.map((id) => (
        <Tab key={id} documentId={id} active={id === active} />
      ))}
    </div>
  );
}
