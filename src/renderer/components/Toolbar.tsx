// The toolbar: files, edit, add, and run (with what the run will cost before pressing it).
import { openDialog } from '../commands/dialogs';
import { openPalette, redoActive, tidyLayout, undoActive } from '../commands/edit-commands';
import { toggleGallery } from '../commands/gallery-commands';
import { newDocument, openWorkflow, save, saveAs } from '../commands/file-commands';
import { cancelRun, runToSelected, startRun } from '../commands/run-commands';
import { displayKeys } from '../commands/shortcuts';
import { useActiveDoc, useApp } from '../store/app-store';
import { isRunActive } from '../store/run-events';
import { RunSummary } from './RunSummary';
import { ToolsMenu } from './ToolsMenu';

function Button({ label, keys, onClick, disabled, testId, className }: { label: string; keys?: string; onClick(): void; disabled?: boolean; testId: string; className?: string }) {
  return (
    <button type="button" className={className} onClick={onClick} disabled={disabled} data-testid={testId} title={keys ? `${label} (${displayKeys(keys)})` : label}>
      {label}
    </button>
  );
}

export function Toolbar() {
  const hasDoc = useApp((s) => s.active !== undefined);
  const canUndo = useActiveDoc((d) => d.past.length > 0, false);
  const canRedo = useActiveDoc((d) => d.future.length > 0, false);
  const running = useActiveDoc((d) => isRunActive(d.run), false);
  const oneSelected = useActiveDoc((d) => (d.selection.length === 1 ? d.selection[0] : undefined), undefined);
  const galleryOpen = useApp((s) => s.galleryOpen);
  return (
    <nav className="toolbar" aria-label="Toolbar">
      <span className="brand" aria-label="Weft">
        weft
      </span>
      <div className="group">
        <Button label="New" keys="Alt+N" onClick={() => void newDocument()} testId="new" />
        <Button label="Open…" keys="Mod+O" onClick={() => void openWorkflow()} testId="open" />
        <Button label="Recent" onClick={() => openDialog('recent')} testId="recent" />
        <Button label="Save" keys="Mod+S" onClick={() => void save()} disabled={!hasDoc} testId="save" />
        <Button label="Save as…" keys="Mod+Shift+S" onClick={() => void saveAs()} disabled={!hasDoc} testId="save-as" />
      </div>
      <div className="group">
        <Button label="Undo" keys="Mod+Z" onClick={undoActive} disabled={!canUndo} testId="undo" />
        <Button label="Redo" keys="Mod+Shift+Z" onClick={redoActive} disabled={!canRedo} testId="redo" />
        <Button label="+ Node" keys="Mod+K" onClick={() => openPalette()} disabled={!hasDoc} testId="add-node" />
        <Button label="Tidy" keys="Mod+Shift+L" onClick={tidyLayout} disabled={!hasDoc} testId="tidy" />
        <ToolsMenu />
      </div>
      <span className="spacer" />
      {hasDoc && <RunSummary />}
      <div className="group run-group">
        {running ? (
          <Button label="Cancel" keys="Mod+." onClick={() => void cancelRun()} testId="cancel" className="danger" />
        ) : (
          <>
            <Button label="▶ Run" keys="Mod+Enter" onClick={() => void startRun()} disabled={!hasDoc} testId="run" className="primary" />
            <Button label="Run to selected" keys="Mod+Shift+Enter" onClick={() => void runToSelected()} disabled={!oneSelected} testId="run-to-selected" />
          </>
        )}
      </div>
      <div className="group">
        <Button label="Gallery" keys="Mod+B" onClick={() => toggleGallery()} testId="gallery-toggle" className={galleryOpen ? 'active' : ''} />
        <Button label="Settings" keys="Mod+," onClick={() => openDialog('settings')} testId="settings" />
        <Button label="?" keys="?" onClick={() => openDialog('help')} testId="help" />
      </div>
    </nav>
  );
}
