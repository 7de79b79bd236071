// A node definition as plain data (no zod schema, no evaluate): what the editor needs to draw the node
// and its widgets, and what `weft model show` prints. Params keep the definition's order.
import type { NodeDefinition } from '../node-definition';
import type { ParamSpec } from '../params';
import type { PortSpec, PortType } from '../ports';

export interface ParamSummary {
  name: string;
  kind: ParamSpec['kind'];
  label: string;
  description: string;
  /** May be left unset (then `default` applies, or the input is not sent at all). */
  optional: boolean;
  /** Every param default is text, a number or a boolean ("random" for a seed). */
  default?: string | number | boolean;
  /** Numbers: the published range; a side left out is open. */
  min?: number;
  max?: number;
  step?: number;
  integer?: boolean;
  options?: string[];
  multiline?: boolean;
  widget?: string;
}

/** A port as plain data (its lists copied, so an answer never shares arrays with a definition). */
export type PortSummary = Omit<PortSpec, 'accepts'> & { accepts?: PortType[] };

export interface DefinitionSummary {
  type: string;
  title: string;
  description: string;
  inputs: PortSummary[];
  outputs: PortSummary[];
  params: ParamSummary[];
}

export function summarizeDefinition(definition: NodeDefinition): DefinitionSummary {
  return {
    type: definition.type,
    title: definition.title,
    description: definition.description,
    inputs: definition.inputs.map(copyPort),
    outputs: definition.outputs.map(copyPort),
    params: Object.entries(definition.params).map(([name, spec]) => summarizeParam(name, spec)),
  };
}

function summarizeParam(name: string, spec: ParamSpec): ParamSummary {
  const summary: ParamSummary = {
    name,
    kind: spec.kind,
    label: spec.label,
    description: spec.description,
    optional: spec.optional === true || 'default' in spec,
  };
  if ('default' in spec && spec.default !== undefined) summary.default = spec.default;
  switch (spec.kind) {
    case 'number':
      // Open sides are held as ±MAX_SAFE_INTEGER inside the spec; they are no range a user should see.
      if (Math.abs(spec.min) < Number.MAX_SAFE_INTEGER) summary.min = spec.min;
      if (Math.abs(spec.max) < Number.MAX_SAFE_INTEGER) summary.max = spec.max;
      summary.step = spec.step;
      summary.integer = spec.integer;
      break;
    case 'choice':
      summary.options = [...spec.options];
      break;
    case 'text':
      summary.multiline = spec.multiline;
      if (spec.widget) summary.widget = spec.widget;
      break;
    default:
      break;
  }
  return summary;
}

function copyPort(port: PortSpec): PortSummary {
  const { accepts, ...rest } = port;
  return { ...rest, ...(accepts ? { accepts: [...accepts] } : {}) };
}
