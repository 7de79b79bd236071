// A param that sweeps over several values (`{"$sweep": [...]}`): each value is a separate call. Edited as
// the list it is: change, add and remove values (each checked on its own), fill a number range, zip it
// with other params by naming a group, or go back to one value.
import { memo, useMemo, useState } from 'react';
import type { ParamSpec, SweepValue } from '../../engine';
import { useDocumentId } from '../canvas/document-context';
import { useApp } from '../store/app-store';
import { endSweep, zipGroupsIn, rangeValues, withValueAdded, withValueAt, withValueRemoved, withValues, withZipGroup } from '../store/sweep-edits';
import { SweepValueInput } from './SweepValueInput';
import { paramError } from './validate';

interface Props {
  id: string;
  spec: ParamSpec;
  value: SweepValue;
  onChange(value: unknown, options?: { merge?: boolean }): void;
}

function RangeFill({ id, spec, onFill }: { id: string; spec: ParamSpec; onFill(values: number[]): void }) {
  const step = spec.kind === 'number' ? spec.step : 1;
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [by, setBy] = useState(String(step));
  const [error, setError] = useState<string>();
  const fill = () => {
    const result = rangeValues({ from: Number(from), to: Number(to), step: Number(by) }, spec.kind === 'number' ? spec : { kind: spec.kind });
    if ('error' in result) return setError(result.error);
    setError(undefined);
    onFill(result.values);
  };
  return (
    <div className="sweep-range nodrag" data-testid={`${id}-sweep-range`}>
      <input type="text" inputMode="decimal" aria-label="From" placeholder="from" value={from} onChange={(e) => setFrom(e.target.value)} data-testid={`${id}-sweep-from`} />
      <span aria-hidden>–</span>
      <input type="text" inputMode="decimal" aria-label="To" placeholder="to" value={to} onChange={(e) => setTo(e.target.value)} data-testid={`${id}-sweep-to`} />
      <span>step</span>
      <input type="text" inputMode="decimal" aria-label="Step" value={by} onChange={(e) => setBy(e.target.value)} data-testid={`${id}-sweep-step`} />
      <button type="button" onClick={fill} disabled={from.trim() === '' || to.trim() === ''} data-testid={`${id}-sweep-fill`} title="Replace the values with this range">
        Fill
      </button>
      {error && (
        <div className="field-message error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

/** Zip group names used in the workflow, offered when naming this one's (joined: a stable selection). */
function useZipGroups(): string[] {
  const documentId = useDocumentId();
  const joined = useApp((s) => {
    const workflow = s.docs[documentId]?.workflow;
    return workflow ? zipGroupsIn(workflow).join('\n') : '';
  });
  return useMemo(() => (joined ? joined.split('\n') : []), [joined]);
}

export const SweepField = memo(function SweepField({ id, spec, value, onChange }: Props) {
  const zipGroups = useZipGroups();
  const values = value.$sweep;
  const numeric = spec.kind === 'number' || spec.kind === 'seed';
  return (
    <div className="sweep-field nodrag" id={id} data-testid={`${id}-sweep`} data-count={values.length}>
      <div className="sweep-head">
        <span className="sweep-count" title="Each value is a separate call; several swept params multiply, unless they share a zip group">
          sweep · {values.length} value{values.length === 1 ? '' : 's'}
        </span>
        <button type="button" className="link" onClick={() => onChange(endSweep(value))} title="Keep only the first value" data-testid={`${id}-sweep-end`}>
          one value
        </button>
      </div>
      <ol className="sweep-values">
        {values.map((v, i) => {
          const error = paramError(spec, v);
          return (
            <li key={i} className={error ? 'has-error' : ''} data-testid={`${id}-sweep-value-${i}`}>
              <SweepValueInput id={`${id}-v${i}`} spec={spec} value={v} invalid={Boolean(error)} onChange={(next) => onChange(withValueAt(value, i, next), { merge: true })} />
              <button type="button" className="icon-button" aria-label={`Remove value ${i + 1}`} disabled={values.length <= 1} onClick={() => onChange(withValueRemoved(value, i))}>
                ✕
              </button>
              {error && <span className="field-message error">{error}</span>}
            </li>
          );
        })}
      </ol>
      <div className="sweep-actions">
        <button type="button" onClick={() => onChange(withValueAdded(value, spec))} data-testid={`${id}-sweep-add`}>
          + value
        </button>
        <label className="sweep-zip" title="Params that name the same zip group advance together (and must list as many values) instead of multiplying">
          zip
          <input
            type="text"
            list={`${id}-zip-groups`}
            placeholder="group"
            value={value.group ?? ''}
            onChange={(e) => onChange(withZipGroup(value, e.target.value), { merge: true })}
            data-testid={`${id}-sweep-group`}
          />
          <datalist id={`${id}-zip-groups`}>
            {zipGroups.map((g) => (
              <option key={g} value={g} />
            ))}
          </datalist>
        </label>
      </div>
      {numeric && <RangeFill id={id} spec={spec} onFill={(range) => onChange(withValues(value, range))} />}
    </div>
  );
});
