// What every param widget receives.
import type { ParamSpec } from '../../engine';

export interface FieldProps<S extends ParamSpec = ParamSpec> {
  /** Unique within the page: `${node}-${param}`; labels and test ids derive from it. */
  id: string;
  spec: S;
  /** The value in the file; undefined when unset (the default, or the model's, applies). */
  value: unknown;
  /** Undefined unsets the param. `merge` marks a continuous gesture (typing, sliding): one undo step. */
  onChange(value: unknown, options?: { merge?: boolean }): void;
  invalid: boolean;
}
