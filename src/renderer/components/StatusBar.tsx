// The bottom line: where the document lives, when its recovery copy was written, and load warnings.
import { useActiveDoc } from '../store/app-store';
import { isDirty } from '../store/history';

export function StatusBar() {
  const open = useActiveDoc(() => true, false);
  const path = useActiveDoc((d) => d.displayPath, undefined);
  const dirty = useActiveDoc((d) => isDirty(d), false);
  const autosavedAt = useActiveDoc((d) => d.autosavedAt, undefined);
  const warnings = useActiveDoc((d) => d.loadWarnings, undefined);
  const nodes = useActiveDoc((d) => d.workflow.nodes.length, 0);
  if (!open) return <footer className="status-bar" />;
  return (
    <footer className="status-bar">
      <span className="path">{path ?? 'not saved to a file yet'}</span>
      <span>{nodes} nodes</span>
      {dirty && (
        <span data-testid="autosave-status" data-saved-at={autosavedAt ?? ''}>
          {autosavedAt ? `unsaved changes · recovery copy ${new Date(autosavedAt).toLocaleTimeString()}` : 'unsaved changes'}
        </span>
      )}
      {warnings && warnings.length > 0 && <span className="warn" title={warnings.map((w) => w.message).join('\n')}>{warnings.length} load warning{warnings.length > 1 ? 's' : ''}</span>}
    </footer>
  );
}
