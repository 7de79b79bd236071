// "Export script…": choose the language (Node, Python, curl), the whole workflow or the selected node, and
// (in a browser) the folder to write to. The script and the images it uploads land in that folder and run
// as they are, with REPLICATE_API_TOKEN from the environment.
import { useState } from 'react';
import { EXPORT_FORMATS, type ExportFormat } from '../../engine';
import { errorMessage } from '../api/api-error';
import { closeDialog } from '../commands/dialogs';
import { exportScript, FORMAT_LABELS } from '../commands/export-commands';
import { useActiveDoc, useApp } from '../store/app-store';
import { Modal } from './Modal';

export function ExportDialog() {
  const inBrowser = useApp((s) => s.info?.host !== 'electron');
  const selected = useActiveDoc((d) => (d.selection.length === 1 ? d.selection[0] : undefined), undefined);
  const name = useActiveDoc((d) => d.name, 'workflow');
  const [format, setFormat] = useState<ExportFormat>('node');
  const [scope, setScope] = useState<'all' | 'selected'>(selected ? 'selected' : 'all');
  const [folder, setFolder] = useState(`~/weft-export/${name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '') || 'workflow'}`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await exportScript({ format, only: scope === 'selected' ? selected : undefined, folder: inBrowser ? folder.trim() : undefined });
      if (result) closeDialog();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title="Export script"
      testId="export-dialog"
      onClose={closeDialog}
      footer={
        <>
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" form="export-form" className="primary" disabled={busy || (inBrowser && !folder.trim())} data-testid="export-ok">
            {busy ? 'Exporting…' : inBrowser ? 'Export' : 'Choose folder…'}
          </button>
        </>
      }
    >
      <form
        id="export-form"
        className="export-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset>
          <legend>Language</legend>
          {EXPORT_FORMATS.map((f) => (
            <label key={f} className="choice">
              <input type="radio" name="format" value={f} checked={format === f} onChange={() => setFormat(f)} data-testid={`export-format-${f}`} />
              {FORMAT_LABELS[f]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>What</legend>
          <label className="choice">
            <input type="radio" name="scope" checked={scope === 'all'} onChange={() => setScope('all')} data-testid="export-scope-all" />
            the whole workflow
          </label>
          <label className={`choice${selected ? '' : ' disabled'}`}>
            <input type="radio" name="scope" disabled={!selected} checked={scope === 'selected'} onChange={() => setScope('selected')} data-testid="export-scope-selected" />
            {selected ? `node ${selected} and what it needs` : 'the selected node (select one first)'}
          </label>
        </fieldset>
        {inBrowser && (
          <label className="stacked">
            Folder: a path on the computer running Weft (made if missing)
            <input type="text" value={folder} onChange={(e) => setFolder(e.target.value)} spellCheck={false} data-testid="export-folder" />
          </label>
        )}
        <p className="muted">The script reads REPLICATE_API_TOKEN from the environment; the images it uploads are copied beside it.</p>
        {error && (
          <p className="error" role="alert" data-testid="export-error">
            {error}
          </p>
        )}
      </form>
    </Modal>
  );
}
