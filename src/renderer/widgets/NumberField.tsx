// A number param: a slider over its range and a box to type an exact value. The box keeps what the user
// types even while it is not a valid number yet, and marks it instead of silently dropping it.
import { useEffect, useState } from 'react';
import type { NumberParam, ParamSpec } from '../../engine';
import type { FieldProps } from './field-types';

type Spec = NumberParam & ParamSpec;

function formatNumber(value: unknown): string {
  return typeof value === 'number' ? String(value) : '';
}

export function NumberField({ id, spec, value, onChange, invalid }: FieldProps<Spec>) {
  const [draft, setDraft] = useState(formatNumber(value));
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    if (!focused) setDraft(formatNumber(value));
  }, [value, focused]);
  const effective = typeof value === 'number' ? value : (spec.default ?? spec.min);
  const draftBad = draft.trim() !== '' && !Number.isFinite(Number(draft));

  const commitDraft = (text: string) => {
    setDraft(text);
    if (text.trim() === '') {
      if (spec.optional || spec.default !== undefined) onChange(undefined, { merge: true });
      return;
    }
    const n = Number(text);
    if (Number.isFinite(n)) onChange(n, { merge: true });
  };

  return (
    <div className={`number-field${value === undefined ? ' unset' : ''}`}>
      <input
        type="range"
        className="nodrag"
        aria-label={`${spec.label} slider`}
        min={spec.min}
        max={spec.max}
        step={spec.step}
        value={Math.min(spec.max, Math.max(spec.min, effective))}
        onChange={(e) => onChange(spec.integer ? Math.round(Number(e.target.value)) : Number(e.target.value), { merge: true })}
      />
      <input
        id={id}
        type="text"
        inputMode="decimal"
        className={`nodrag number-box${invalid || draftBad ? ' invalid' : ''}`}
        value={draft}
        placeholder={value === undefined ? (spec.unsetLabel ?? (spec.default !== undefined ? String(spec.default) : 'unset')) : ''}
        title={value === undefined && spec.unsetLabel ? `Unset: ${spec.unsetLabel}` : undefined}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onChange={(e) => commitDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
          e.preventDefault();
          const next = Math.min(spec.max, Math.max(spec.min, effective + (e.key === 'ArrowUp' ? 1 : -1) * spec.step * (e.shiftKey ? 10 : 1)));
          const rounded = Number(next.toFixed(6));
          setDraft(String(rounded));
          onChange(rounded, { merge: true });
        }}
      />
    </div>
  );
}
