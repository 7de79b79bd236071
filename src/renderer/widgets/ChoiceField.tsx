// A choice param: a select. A value the file holds that is not an option (a typo, a newer Weft) stays
// visible and marked, instead of being replaced behind the user's back.
import type { ChoiceParam, ParamSpec } from '../../engine';
import type { FieldProps } from './field-types';

type Spec = ChoiceParam & ParamSpec;

export function ChoiceField({ id, spec, value, onChange, invalid }: FieldProps<Spec>) {
  const current = typeof value === 'string' ? value : (spec.default ?? '');
  const unknown = current !== '' && !spec.options.includes(current);
  return (
    <select id={id} className={`nodrag${invalid || unknown ? ' invalid' : ''}`} value={current} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
      {spec.default === undefined && <option value="">{spec.optional ? 'unset' : 'choose…'}</option>}
      {unknown && <option value={current}>{current} (not an option)</option>}
      {spec.options.map((option) => (
        <option key={option} value={option}>
          {option}
        </option>
      ))}
    </select>
  );
}
