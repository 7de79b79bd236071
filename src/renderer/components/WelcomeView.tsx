// What a new user sees with no workflow open: start from an example or a blank graph, and a clear path
// to entering the Replicate token (building and compiling work without it; running needs it).
import { useEffect, useState } from 'react';
import type { ApiResponse } from '../../api';
import { api } from '../api/client';
import { openDialog } from '../commands/dialogs';
import { newDocument, openExample, openRecent, openWorkflow } from '../commands/file-commands';
import { useApp } from '../store/app-store';
import { reportError } from '../store/toasts';

type Examples = ApiResponse<'workflow.examples'>['examples'];
type Recent = ApiResponse<'workflow.recent'>['entries'];

export function WelcomeView() {
  const token = useApp((s) => s.tokenStatus);
  const connected = useApp((s) => s.info !== undefined);
  const [examples, setExamples] = useState<Examples>([]);
  const [recent, setRecent] = useState<Recent>([]);
  useEffect(() => {
    if (!connected) return;
    api()['workflow.examples']({}).then((r) => setExamples(r.examples), (e: unknown) => reportError(e, 'Could not list the examples'));
    api()['workflow.recent']({}).then((r) => setRecent(r.entries), () => setRecent([]));
  }, [connected]);
  return (
    <section className="welcome" data-testid="welcome">
      <h1>Weft</h1>
      <p className="lead">Wire prompts, LoRAs, images and masks into FLUX samplers. Weft runs them on Replicate, in parallel, and keeps every output, so running again only pays for what changed.</p>
      {token && !token.configured && (
        <div className="token-callout" data-testid="token-callout">
          <div>
            <strong>Add your Replicate API token to run workflows.</strong>
            <p>You can build, open and check workflows without it. The token is tested before it is stored, and never shown again.</p>
          </div>
          <button type="button" className="primary" onClick={() => openDialog('settings')} data-testid="enter-token">
            Enter token…
          </button>
        </div>
      )}
      <div className="welcome-columns">
        <div>
          <h2>Start</h2>
          <div className="welcome-actions">
            <button type="button" className="primary" onClick={() => void newDocument()} data-testid="welcome-new">
              New workflow
            </button>
            <button type="button" onClick={() => void openWorkflow()}>
              Open…
            </button>
          </div>
          {recent.length > 0 && (
            <>
              <h2>Recent</h2>
              <ul className="recent-list">
                {recent.slice(0, 8).map((r) => (
                  <li key={r.id}>
                    <button type="button" className="link" onClick={() => void openRecent(r.id)} title={r.displayPath}>
                      {r.name}
                    </button>
                    <span className="muted">{r.displayPath}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
        <div>
          <h2>Examples</h2>
          <ul className="examples">
            {examples.map((e) => (
              <li key={e.id}>
                <button type="button" className="example" onClick={() => void openExample(e.id)} data-testid={`example-${e.id}`}>
                  <strong>{e.name}</strong>
                  <span>{e.description}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
