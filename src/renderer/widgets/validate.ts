// Checks a param value against its spec's schema the moment it is typed, so an invalid value is marked
// at once (the compiler's diagnostics follow a moment later and say the same in context).
import type { ParamSpec } from '../../engine';

export function paramError(spec: ParamSpec, value: unknown): string | undefined {
  const result = spec.schema.safeParse(value);
  if (result.success) return undefined;
  if (value === undefined && !spec.optional) return 'is required';
  return result.error.issues[0]?.message ?? 'is not valid';
}
