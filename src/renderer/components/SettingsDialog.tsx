// Settings: the Replicate token (tested before it is stored, never shown back), where predictions run
// (Replicate or a local Cog server), the API root, how many run at once, and the cache's size and place.
import { useEffect, useState } from 'react';
import type { ApiRequest, ApiResponse } from '../../api';
import { api } from '../api/client';
import { errorMessage } from '../api/api-error';
import { refreshTokenStatus } from '../commands/boot';
import { closeDialog } from '../commands/dialogs';
import { formatBytes } from '../lib/format';
import { useApp } from '../store/app-store';
import { reportError, toast } from '../store/toasts';
import { Modal } from './Modal';

type Settings = ApiResponse<'settings.get'>;
type Stats = ApiResponse<'cache.stats'>;
const GB = 1024 ** 3;

function TokenSection() {
  const status = useApp((s) => s.tokenStatus);
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  const submit = async () => {
    setBusy(true);
    setResult(undefined);
    try {
      const answer = await api()['token.set']({ token: token.trim() });
      if (answer.ok) {
        setResult({ ok: true, text: `Token works${answer.account ? ` (account ${answer.account})` : ''} and is stored.` });
        setToken('');
      } else setResult({ ok: false, text: `Not stored: ${answer.error}` });
    } catch (error) {
      setResult({ ok: false, text: errorMessage(error) });
    } finally {
      setBusy(false);
      void refreshTokenStatus();
    }
  };
  const clear = async () => {
    try {
      await api()['token.clear']({});
      setResult({ ok: true, text: 'Token removed.' });
    } catch (error) {
      reportError(error, 'Could not remove the token');
    }
    void refreshTokenStatus();
  };
  const where = { keychain: 'in the system keychain', memory: 'in memory only, until Weft quits', environment: 'from the REPLICATE_API_TOKEN environment variable', none: '' } as const;
  return (
    <section className="settings-section">
      <h3>Replicate API token</h3>
      <p className="muted" data-testid="token-status">
        {status?.configured ? `A token is set, kept ${where[status.storage]}.` : 'No token yet: workflows can be built and checked, not run.'}
        {status?.warning && <span className="warn"> {status.warning}</span>}
      </p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (token.trim()) void submit();
        }}
      >
        <input type="password" autoComplete="off" placeholder="r8_…" value={token} onChange={(e) => setToken(e.target.value)} aria-label="Replicate API token" data-testid="token-input" />
        <button type="submit" className="primary" disabled={busy || !token.trim()} data-testid="token-save">
          {busy ? 'Testing…' : 'Test and save'}
        </button>
        {status?.configured && status.storage !== 'environment' && (
          <button type="button" onClick={() => void clear()}>
            Remove
          </button>
        )}
      </form>
      {result && (
        <p className={result.ok ? 'ok' : 'error'} data-testid="token-result" role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </p>
      )}
    </section>
  );
}

export function SettingsDialog() {
  const [settings, setSettings] = useState<Settings>();
  const [stats, setStats] = useState<Stats>();
  const [draft, setDraft] = useState<Partial<Settings> & { cacheGb?: string; cogUrl?: string }>({});
  const [error, setError] = useState<string>();
  useEffect(() => {
    api()['settings.get']({}).then(setSettings, (e: unknown) => setError(errorMessage(e)));
    api()['cache.stats']({}).then(setStats, () => undefined);
  }, []);

  const provider = draft.provider ?? settings?.provider;
  const cogUrl = draft.cogUrl ?? (settings?.provider.kind === 'cog' ? settings.provider.url : 'http://localhost:5000');
  const apply = async () => {
    if (!settings) return;
    const patch: ApiRequest<'settings.set'> = {};
    if (draft.concurrency !== undefined && draft.concurrency !== settings.concurrency) patch.concurrency = draft.concurrency;
    if (draft.cacheGb !== undefined) patch.cacheLimitBytes = Math.round(Number(draft.cacheGb) * GB);
    if (draft.cacheDir !== undefined && draft.cacheDir !== settings.cacheDir) patch.cacheDir = draft.cacheDir;
    if (draft.apiBaseUrl !== undefined && draft.apiBaseUrl !== settings.apiBaseUrl) patch.apiBaseUrl = draft.apiBaseUrl;
    if (provider?.kind === 'cog') patch.provider = { kind: 'cog', url: cogUrl };
    else if (provider && provider.kind !== settings.provider.kind) patch.provider = { kind: 'replicate' };
    try {
      const next = await api()['settings.set'](patch);
      setSettings(next);
      setDraft({});
      setError(undefined);
      toast('Settings saved', 'success');
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const prune = async () => {
    try {
      setStats(await api()['cache.prune']({}));
    } catch (e) {
      reportError(e, 'Could not prune the cache');
    }
  };

  return (
    <Modal
      title="Settings"
      testId="settings-dialog"
      onClose={closeDialog}
      className="wide"
      footer={
        <>
          {error && (
            <span className="error" role="alert">
              {error}
            </span>
          )}
          <span className="spacer" />
          <button type="button" onClick={closeDialog}>
            Close
          </button>
          <button type="button" className="primary" onClick={() => void apply()} disabled={!settings} data-testid="settings-save">
            Save settings
          </button>
        </>
      }
    >
      <TokenSection />
      {settings && (
        <>
          <section className="settings-section">
            <h3>Where predictions run</h3>
            <label className="radio">
              <input type="radio" name="provider" checked={provider?.kind !== 'cog'} onChange={() => setDraft({ ...draft, provider: { kind: 'replicate' } })} /> Replicate
            </label>
            <label className="radio">
              <input type="radio" name="provider" checked={provider?.kind === 'cog'} onChange={() => setDraft({ ...draft, provider: { kind: 'cog', url: cogUrl } })} /> A local Cog server (your GPU)
            </label>
            {provider?.kind === 'cog' && (
              <label className="stacked">
                Cog URL
                <input type="url" value={cogUrl} onChange={(e) => setDraft({ ...draft, cogUrl: e.target.value })} />
              </label>
            )}
            <label className="stacked">
              Replicate API root
              <input type="url" value={draft.apiBaseUrl ?? settings.apiBaseUrl} onChange={(e) => setDraft({ ...draft, apiBaseUrl: e.target.value })} data-testid="api-root" />
            </label>
            <label className="stacked">
              Predictions at once (1 to 64)
              <input
                type="number"
                min={1}
                max={64}
                value={draft.concurrency ?? settings.concurrency}
                onChange={(e) => setDraft({ ...draft, concurrency: Math.max(1, Math.min(64, Math.round(Number(e.target.value) || 1))) })}
                data-testid="concurrency"
              />
            </label>
          </section>
          <section className="settings-section">
            <h3>Cache</h3>
            <p className="muted">
              Every output is kept on disk, so running again only pays for what changed. Least recently used entries go first when the cache is full.
              {stats && ` Now: ${stats.calls} calls, ${stats.blobs} images, ${formatBytes(stats.bytes)} of ${formatBytes(stats.limitBytes)}.`}
            </p>
            <label className="stacked">
              Size limit (GB)
              <input type="number" min={0.1} step={0.5} value={draft.cacheGb ?? String(Number((settings.cacheLimitBytes / GB).toFixed(2)))} onChange={(e) => setDraft({ ...draft, cacheGb: e.target.value })} data-testid="cache-limit" />
            </label>
            <label className="stacked">
              Location
              <input type="text" value={draft.cacheDir ?? settings.cacheDir} onChange={(e) => setDraft({ ...draft, cacheDir: e.target.value })} spellCheck={false} />
            </label>
            <button type="button" onClick={() => void prune()}>
              Prune to the limit now
            </button>
          </section>
        </>
      )}
    </Modal>
  );
}
