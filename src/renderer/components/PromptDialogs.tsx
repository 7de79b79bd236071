// The app's own prompt (a path, in browser mode) and three-way confirm, driven by commands/dialogs.ts.
import { useState } from 'react';
import { useApp } from '../store/app-store';
import type { ConfirmRequest, PathPromptRequest } from '../store/state';
import { Modal } from './Modal';

export function PromptDialogs() {
  const pathPrompt = useApp((s) => s.pathPrompt);
  const confirm = useApp((s) => s.confirm);
  return (
    <>
      {pathPrompt && <PathPrompt request={pathPrompt} />}
      {confirm && <Confirm request={confirm} />}
    </>
  );
}

function PathPrompt({ request }: { request: PathPromptRequest }) {
  const [value, setValue] = useState(request.initial);
  return (
    <Modal
      title={request.title}
      testId="path-prompt"
      onClose={() => request.resolve(undefined)}
      footer={
        <>
          <button type="button" onClick={() => request.resolve(undefined)}>
            Cancel
          </button>
          <button type="submit" form="path-prompt-form" className="primary" data-testid="path-prompt-ok">
            OK
          </button>
        </>
      }
    >
      <form
        id="path-prompt-form"
        onSubmit={(e) => {
          e.preventDefault();
          request.resolve(value);
        }}
      >
        <label className="stacked">
          {request.label}
          <input autoFocus type="text" value={value} onChange={(e) => setValue(e.target.value)} data-testid="path-prompt-input" spellCheck={false} />
        </label>
      </form>
    </Modal>
  );
}

function Confirm({ request }: { request: ConfirmRequest }) {
  return (
    <Modal
      title={request.title}
      testId="confirm"
      onClose={() => request.resolve('cancel')}
      footer={
        <>
          <button type="button" onClick={() => request.resolve('cancel')}>
            Cancel
          </button>
          {request.alternative && (
            <button type="button" className="danger" onClick={() => request.resolve('alternative')} data-testid="confirm-alternative">
              {request.alternative}
            </button>
          )}
          <button type="button" className="primary" onClick={() => request.resolve('confirm')} data-testid="confirm-ok" autoFocus>
            {request.confirm}
          </button>
        </>
      }
    >
      <p>{request.message}</p>
    </Modal>
  );
}
