// The group library: groups saved for reuse across workflows (in the data folder). Save the selected group
// node's group, insert a library group into the open workflow, delete one.
import { memo } from 'react';
import { deleteFromLibrary, insertFromLibrary, refreshLibrary, saveSelectedGroupToLibrary, toggleLibrary } from '../commands/group-commands';
import { formatTime } from '../lib/format';
import { useActiveDoc, useApp } from '../store/app-store';
import type { LibraryEntry } from '../store/state';

const Entry = memo(function Entry({ entry, canInsert }: { entry: LibraryEntry; canInsert: boolean }) {
  return (
    <li className="library-entry" data-testid={`library-entry-${entry.id}`}>
      <div className="library-name">
        {entry.name} <span className="muted mono">{entry.id}</span>
      </div>
      {entry.description && <div className="muted">{entry.description}</div>}
      <div className="library-ports muted">
        {entry.inputs.join(', ') || 'no inputs'} → {entry.outputs.join(', ') || 'no outputs'} · {entry.nodes} node{entry.nodes === 1 ? '' : 's'} · {formatTime(entry.savedAt)}
      </div>
      <div className="library-actions">
        <button type="button" disabled={!canInsert} onClick={() => void insertFromLibrary(entry.id)} data-testid={`library-insert-${entry.id}`}>
          Insert
        </button>
        <button type="button" className="danger" onClick={() => void deleteFromLibrary(entry.id, entry.name)} data-testid={`library-delete-${entry.id}`}>
          Delete
        </button>
      </div>
    </li>
  );
});

export function LibraryPanel() {
  const { entries, problems } = useApp((s) => s.library);
  const hasDoc = useApp((s) => s.active !== undefined);
  const groupSelected = useActiveDoc((d) => d.selection.length === 1 && d.workflow.nodes.some((n) => n.id === d.selection[0] && n.type === 'group'), false);
  return (
    <aside className="gallery library" aria-label="Group library" data-testid="library">
      <header className="panel-header">
        <h2>Group library</h2>
        <button type="button" className="icon-button" onClick={() => void refreshLibrary()} title="Refresh" aria-label="Refresh the library">
          ↻
        </button>
        <button type="button" className="icon-button" onClick={() => toggleLibrary(false)} aria-label="Close the library">
          ✕
        </button>
      </header>
      <div className="pad">
        <button type="button" disabled={!groupSelected} onClick={() => void saveSelectedGroupToLibrary()} data-testid="library-save-selected" title={groupSelected ? 'Save the selected group for reuse' : 'Select a group node (Mod+G groups the selection)'}>
          Save selected group…
        </button>
      </div>
      {entries.length === 0 && <p className="muted pad">No groups yet. Group nodes (Mod+G), then save the group here to reuse it in any workflow.</p>}
      <ul className="library-list">
        {entries.map((entry) => (
          <Entry key={entry.id} entry={entry} canInsert={hasDoc} />
        ))}
      </ul>
      {problems.length > 0 && (
        <ul className="diagnostics pad">
          {problems.map((p) => (
            <li key={p} className="warning">
              {p}
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
