// A yes/no param: a switch, or three choices (default / on / off) when unset means "the model decides".
import type { BooleanParam, ParamSpec } from '../../engine';
import type { FieldProps } from './field-types';

type Spec = BooleanParam & ParamSpec;

export function BooleanField({ id, spec, value, onChange, invalid }: FieldProps<Spec>) {
  if (spec.optional && spec.default === undefined) {
    const current = value === true ? 'on' : value === false ? 'off' : 'unset';
    return (
      <div id={id} className={`segmented nodrag${invalid ? ' invalid' : ''}`} role="radiogroup" aria-label={spec.label}>
        {(['unset', 'on', 'off'] as const).map((choice) => (
          <button
            key={choice}
            type="button"
            role="radio"
            aria-checked={current === choice}
            className={current === choice ? 'active' : ''}
            title={choice === 'unset' ? (spec.unsetLabel ?? 'the model’s default') : undefined}
            onClick={() => onChange(choice === 'unset' ? undefined : choice === 'on')}
          >
            {choice === 'unset' ? 'default' : choice}
          </button>
        ))}
      </div>
    );
  }
  const checked = value === undefined ? spec.default === true : value === true;
  return (
    <label className={`switch nodrag${invalid ? ' invalid' : ''}`}>
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span className="switch-track" aria-hidden />
    </label>
  );
}
