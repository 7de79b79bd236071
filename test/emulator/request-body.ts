/**
 * Parsing what clients send besides `input`: the create-prediction body (zod, strict: any other
 * top-level key is a 422 like on Replicate) and the Prefer / Cancel-After headers.
 */
import { z } from 'zod';
import { jsonTypeName, type InvalidField } from './validate';

const WEBHOOK_EVENTS = ['start', 'output', 'logs', 'completed'] as const;

const common = {
  input: z.record(z.string(), z.unknown()),
  webhook: z.string().optional(),
  webhook_events_filter: z.array(z.enum(WEBHOOK_EVENTS)).optional(),
};

/** POST /predictions */
export const createPredictionBody = z.object({ version: z.string(), ...common }).strict();
/** POST /deployments/{owner}/{name}/predictions and POST /models/{owner}/{name}/predictions */
export const createByNameBody = z.object(common).strict();

export type CreatePredictionBody = z.infer<typeof createPredictionBody>;
export type CreateByNameBody = z.infer<typeof createByNameBody>;

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = body;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** zod's issues, reworded as the gojsonschema-style invalid_fields Replicate answers with. */
function toInvalidFields(body: unknown, issues: readonly z.core.$ZodIssue[]): InvalidField[] {
  const fields: InvalidField[] = [];
  for (const issue of issues) {
    const field = issue.path.map(String).join('.');
    const value = valueAt(body, issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        fields.push({ type: 'additional_property_not_allowed', field, description: `Additional property ${key} is not allowed` });
      }
    } else if (issue.code === 'invalid_type' && value === undefined && issue.path.length === 1) {
      fields.push({ type: 'required', field: '', description: `${String(issue.path[0])} is required` });
    } else if (issue.code === 'invalid_type') {
      const expected = issue.expected === 'record' ? 'object' : issue.expected;
      fields.push({ type: 'invalid_type', field, description: `Invalid type. Expected: ${expected}, given: ${jsonTypeName(value)}` });
    } else if (issue.code === 'invalid_value') {
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
      fields.push({ type: 'enum', field, description: `${field} must be one of the following: ${allowed}` });
    } else {
      fields.push({ type: issue.code, field, description: issue.message });
    }
  }
  return fields;
}

export type BodyOutcome<T> = { ok: true; body: T } | { ok: false; invalidFields: InvalidField[] };

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): BodyOutcome<T> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return {
      ok: false,
      invalidFields: [{ type: 'invalid_type', field: '', description: `Invalid type. Expected: object, given: ${jsonTypeName(body)}` }],
    };
  }
  const result = schema.safeParse(body);
  if (result.success) {
    const webhook = (result.data as { webhook?: string }).webhook;
    if (webhook !== undefined && !URL.canParse(webhook)) {
      return { ok: false, invalidFields: [{ type: 'format', field: 'webhook', description: "Does not match format 'uri'" }] };
    }
    return { ok: true, body: result.data };
  }
  return { ok: false, invalidFields: toInvalidFields(body, result.error.issues) };
}

/** `Prefer: wait` holds for 60 s; `Prefer: wait=N` for N seconds, 1..60. */
export const DEFAULT_WAIT_SECONDS = 60;

export type HeaderOutcome<T> = { ok: true; value: T } | { ok: false; detail: string };

export function parsePreferWait(header: string | undefined): HeaderOutcome<number | undefined> {
  if (!header) return { ok: true, value: undefined };
  const wait = header
    .split(/[,;]/)
    .map((token) => token.trim())
    .find((token) => token === 'wait' || token.startsWith('wait='));
  if (wait === undefined) return { ok: true, value: undefined };
  if (wait === 'wait') return { ok: true, value: DEFAULT_WAIT_SECONDS };
  const seconds = Number(wait.slice('wait='.length));
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 60) {
    return { ok: false, detail: `Prefer: ${wait} is invalid; wait must be a whole number of seconds from 1 to 60` };
  }
  return { ok: true, value: seconds };
}

const DURATION_UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Cancel-After: a Go-style duration ("30s", "5m", "1h30m", "1.5s") or a bare number of seconds. */
export function parseCancelAfter(header: string | undefined): HeaderOutcome<number | undefined> {
  if (header === undefined) return { ok: true, value: undefined };
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return { ok: true, value: Number(text) * 1000 };
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(text)) {
    return { ok: false, detail: `Cancel-After: "${header}" is not a duration like 30s, 5m or 1h30m` };
  }
  let total = 0;
  for (const part of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(part[1]) * (DURATION_UNITS_MS[part[2] as string] ?? 0);
  }
  return { ok: true, value: total };
}
