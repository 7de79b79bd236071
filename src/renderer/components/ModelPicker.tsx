// "Add Replicate model…": type `owner/name` (its latest version is pinned) or `owner/name:version`, look
// it up, read what its node will be (inputs, outputs, settings, and anything that would stop it), add it.
import { useState } from 'react';
import { describePortType } from '../../engine';
import { errorMessage } from '../api/api-error';
import { portColor } from '../canvas/port-colors';
import { addDescribedModel, closeModelPicker, describeModel } from '../commands/model-commands';
import { useApp } from '../store/app-store';
import type { DescribedModel } from '../store/state';
import { Modal } from './Modal';

type Port = DescribedModel['definition']['inputs'][number];

function PortList({ title, ports, testId }: { title: string; ports: readonly Port[]; testId: string }) {
  return (
    <div className="model-ports" data-testid={testId}>
      <h4>{title}</h4>
      {ports.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <ul>
          {ports.map((p) => (
            <li key={p.name} title={p.description}>
              <span className="dot" style={{ background: portColor(p.type) }} /> {p.label} <span className="muted">({describePortType(p.type)}{p.optional ? ', optional' : ''})</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Described({ model }: { model: DescribedModel }) {
  const { definition } = model;
  return (
    <div className="model-described" data-testid="model-described">
      <h3>{definition.title}</h3>
      <p className="muted mono" data-testid="model-ref">
        {model.ref}
      </p>
      {definition.description && <p className="model-description">{definition.description}</p>}
      <div className="model-columns">
        <PortList title="Inputs" ports={definition.inputs} testId="model-inputs" />
        <PortList title="Outputs" ports={definition.outputs} testId="model-outputs" />
      </div>
      <h4>Settings</h4>
      <p className="model-params" data-testid="model-params">
        {definition.params.map((p) => (
          <span key={p.name} className="model-param" title={p.description}>
            {p.label}
            <span className="muted"> {p.kind}</span>
          </span>
        ))}
      </p>
      {definition.problems.length > 0 && (
        <ul className="diagnostics" data-testid="model-problems">
          {definition.problems.map((p) => (
            <li key={p.code} className={p.severity}>
              {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ModelPicker() {
  const request = useApp((s) => s.modelPicker);
  if (!request) return null;
  return <ModelPickerDialog at={request.at} />;
}

function ModelPickerDialog({ at }: { at: { x: number; y: number } | undefined }) {
  const [ref, setRef] = useState('');
  const [busy, setBusy] = useState(false);
  const [model, setModel] = useState<DescribedModel>();
  const [error, setError] = useState<string>();
  const lookUp = async () => {
    setBusy(true);
    setError(undefined);
    setModel(undefined);
    try {
      setModel(await describeModel(ref));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  const blocking = model?.definition.problems.some((p) => p.severity === 'error') ?? false;
  return (
    <Modal
      title="Add a Replicate model"
      testId="model-picker"
      className="wide"
      onClose={closeModelPicker}
      footer={
        <>
          <button type="button" onClick={closeModelPicker}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            disabled={!model}
            onClick={() => model && addDescribedModel(model, at)}
            data-testid="model-add"
            title={blocking ? 'The node will show why it cannot run' : undefined}
          >
            {blocking ? 'Add anyway' : 'Add node'}
          </button>
        </>
      }
    >
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (ref.trim()) void lookUp();
        }}
      >
        <input
          autoFocus
          type="text"
          placeholder="owner/name or owner/name:version"
          value={ref}
          onChange={(e) => setRef(e.target.value)}
          spellCheck={false}
          aria-label="Replicate model"
          data-testid="model-ref-input"
        />
        <button type="submit" disabled={busy || !ref.trim()} data-testid="model-lookup">
          {busy ? 'Looking up…' : 'Look up'}
        </button>
      </form>
      <p className="muted">Weft reads the version’s schema (with your token) and keeps it in the workflow, pinned, so the node opens offline.</p>
      {error && (
        <p className="error" role="alert" data-testid="model-error">
          {error}
        </p>
      )}
      {model && <Described model={model} />}
    </Modal>
  );
}
