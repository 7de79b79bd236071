// One value of a sweep, edited in place: a box for a number or a seed (keeping what is typed while it is
// not a number yet), a select for a choice, a line for text. Marked when the value is not valid.
import { useEffect, useState } from 'react';
import type { ParamSpec } from '../../engine';

interface Props {
  id: string;
  spec: ParamSpec;
  value: unknown;
  invalid: boolean;
  onChange(value: unknown): void;
}

function DraftNumber({ id, value, invalid, integer, onChange }: { id: string; value: unknown; invalid: boolean; integer: boolean; onChange(value: unknown): void }) {
  const shown = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  const [draft, setDraft] = useState(shown);
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    if (!focused) setDraft(shown);
  }, [shown, focused]);
  const bad = draft.trim() === '' || !Number.isFinite(Number(draft)) || (integer && !Number.isInteger(Number(draft)));
  return (
    <input
      id={id}
      type="text"
      inputMode={integer ? 'numeric' : 'decimal'}
      className={`nodrag number-box${invalid || bad ? ' invalid' : ''}`}
      value={draft}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      onChange={(e) => {
        setDraft(e.target.value);
        const n = Number(e.target.value);
        if (e.target.value.trim() !== '' && Number.isFinite(n)) onChange(n);
      }}
    />
  );
}

export function SweepValueInput({ id, spec, value, invalid, onChange }: Props) {
  switch (spec.kind) {
    case 'number':
      return <DraftNumber id={id} value={value} invalid={invalid} integer={spec.integer} onChange={onChange} />;
    case 'seed':
      return <DraftNumber id={id} value={value} invalid={invalid} integer onChange={onChange} />;
    case 'choice': {
      const current = typeof value === 'string' ? value : '';
      const unknown = !spec.options.includes(current);
      return (
        <select id={id} className={`nodrag${invalid || unknown ? ' invalid' : ''}`} value={current} onChange={(e) => onChange(e.target.value)}>
          {unknown && <option value={current}>{current || 'choose…'}</option>}
          {spec.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
    }
    case 'text':
      if (spec.multiline) {
        return <textarea id={id} className={`nodrag nowheel${invalid ? ' invalid' : ''}`} rows={2} value={typeof value === 'string' ? value : ''} spellCheck onChange={(e) => onChange(e.target.value)} />;
      }
      return <input id={id} type="text" className={`nodrag${invalid ? ' invalid' : ''}`} value={typeof value === 'string' ? value : ''} spellCheck={false} onChange={(e) => onChange(e.target.value)} />;
    case 'boolean':
      return (
        <input
          id={id}
          type="text"
          className={`nodrag${invalid ? ' invalid' : ''}`}
          value={typeof value === 'string' ? value : JSON.stringify(value)}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
}
