// A param that sweeps over several values (`{"$sweep": [...]}`): each value is a separate call. Shown as
// the list it is; the sweep is edited in the file for now, and can be turned back into one value here.
import type { SweepValue } from '../../engine';

export function SweepField({ id, value, onChange }: { id: string; value: SweepValue; onChange(value: unknown): void }) {
  const shown = value.$sweep.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  return (
    <div className="sweep-field" id={id} data-testid={`${id}-sweep`}>
      <span className="sweep-values" title={`Each of these values is a separate call${value.group ? `; zipped with the other params of group “${value.group}”` : ''}`}>
        sweep ×{value.$sweep.length}: {shown}
        {value.group && <span className="muted"> · group {value.group}</span>}
      </span>
      <button type="button" className="link nodrag" onClick={() => onChange(value.$sweep[0])} title="Keep only the first value">
        one value
      </button>
    </div>
  );
}
