/**
 * Validation of a prediction's `input` against a version's Cog schema, worded the way Replicate words it.
 * Replicate validates with gojsonschema, so the error types and descriptions below are gojsonschema's
 * (`invalid_type`, `number_gte`, `enum`, `required`, `additional_property_not_allowed`, `format`), with
 * fields named from the request root (`input.num_outputs`; `input` for errors about the object itself).
 *
 * Unknown input keys are rejected as replicate.md requires, even though Cog's schema does not say
 * `additionalProperties: false`.
 */
import { enumOf, type CogOpenApiSchema, type CogProperty } from './schemas/cog-types';

export interface InvalidField {
  type: string;
  field: string;
  description: string;
}

/** gojsonschema's name for a JSON value's type; a whole number counts as an integer. */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'string':
    case 'boolean':
    case 'object':
      return typeof value;
    default:
      return typeof value;
  }
}

function matchesType(expected: string, value: unknown): boolean {
  switch (expected) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return false;
  }
}

/** What gojsonschema's "uri" format accepts: an absolute URI, i.e. one with a scheme. */
function isUri(value: string): boolean {
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function validateProperty(
  schema: CogOpenApiSchema,
  name: string,
  property: CogProperty,
  value: unknown,
): InvalidField[] {
  const field = `input.${name}`;
  const choices = enumOf(schema, property);
  const expectedType = choices ? choices.type : property.type;
  if (expectedType && !matchesType(expectedType, value)) {
    return [
      {
        type: 'invalid_type',
        field,
        description: `Invalid type. Expected: ${expectedType}, given: ${jsonTypeName(value)}`,
      },
    ];
  }
  const problems: InvalidField[] = [];
  if (choices && !choices.enum.includes(value as string)) {
    const allowed = choices.enum.map((choice) => JSON.stringify(choice)).join(', ');
    problems.push({ type: 'enum', field, description: `${field} must be one of the following: ${allowed}` });
  }
  if (typeof value === 'number') {
    if (property.minimum !== undefined && value < property.minimum) {
      problems.push({ type: 'number_gte', field, description: `Must be greater than or equal to ${property.minimum}` });
    }
    if (property.maximum !== undefined && value > property.maximum) {
      problems.push({ type: 'number_lte', field, description: `Must be less than or equal to ${property.maximum}` });
    }
  }
  if (property.format === 'uri' && typeof value === 'string' && !isUri(value)) {
    problems.push({ type: 'format', field, description: "Does not match format 'uri'" });
  }
  return problems;
}

/** Every problem with `input`, in a stable order: missing required keys first, then keys as sent. */
export function validateInput(schema: CogOpenApiSchema, input: Record<string, unknown>): InvalidField[] {
  const { properties, required } = schema.components.schemas.Input;
  const problems: InvalidField[] = [];
  for (const name of required) {
    if (!Object.hasOwn(input, name)) {
      problems.push({ type: 'required', field: 'input', description: `${name} is required` });
    }
  }
  for (const [name, value] of Object.entries(input)) {
    // hasOwn, so that keys like "__proto__" or "constructor" are unknown keys, not inherited members.
    const property = Object.hasOwn(properties, name) ? properties[name] : undefined;
    if (!property) {
      problems.push({
        type: 'additional_property_not_allowed',
        field: 'input',
        description: `Additional property ${name} is not allowed`,
      });
      continue;
    }
    problems.push(...validateProperty(schema, name, property, value));
  }
  return problems;
}

/** The input a predictor sees: what was sent, with the schema's defaults filled in. */
export function withDefaults(schema: CogOpenApiSchema, input: Record<string, unknown>): Record<string, unknown> {
  const filled: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.components.schemas.Input.properties)) {
    if (property.default !== undefined) filled[name] = property.default;
  }
  return { ...filled, ...input };
}
