// A text param: a line or an area. An optional param emptied becomes unset rather than "".
import type { ParamSpec, TextParam } from '../../engine';
import type { FieldProps } from './field-types';

type Spec = TextParam & ParamSpec;

export function TextField({ id, spec, value, onChange, invalid, rows }: FieldProps<Spec> & { rows?: number }) {
  const text = typeof value === 'string' ? value : '';
  const change = (next: string) => onChange(next === '' && spec.optional ? undefined : next, { merge: true });
  const className = `nodrag${spec.multiline ? ' nowheel' : ''}${invalid ? ' invalid' : ''}`;
  if (spec.multiline) {
    return <textarea id={id} className={className} rows={rows ?? 4} value={text} placeholder={spec.placeholder} spellCheck onChange={(e) => change(e.target.value)} />;
  }
  return <input id={id} type="text" className={className} value={text} placeholder={spec.placeholder ?? (spec.optional ? 'unset' : '')} spellCheck={false} onChange={(e) => change(e.target.value)} />;
}
