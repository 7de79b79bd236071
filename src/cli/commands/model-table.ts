// A model node's inputs and outputs as a table a person reads in a terminal (`weft model show` and
// `weft model add`): what each input becomes (a port or a param), its type, default and allowed values.
import type { DefinitionSummary, ModelProblem, ParamSummary, PortSummary } from '../../engine';

export function modelTable(ref: string, summary: DefinitionSummary, problems: readonly ModelProblem[]): string {
  const rows: string[][] = [['input', 'as', 'type', 'required', 'default', 'values']];
  for (const port of summary.inputs) rows.push([port.name, 'port', port.type, port.optional ? 'no' : 'yes', '', portValues(port)]);
  for (const param of summary.params) rows.push([param.name, 'param', paramType(param), param.optional ? 'no' : 'yes', defaultOf(param), paramValues(param)]);
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
  const outputs = summary.outputs.map((port) => `${port.name} (${port.label})`).join(', ') || 'none Weft can use';
  const notes = problems.map((p) => `${p.severity === 'error' ? 'error' : 'note'}: ${p.message}`);
  return [ref, '', ...lines, '', `outputs: ${outputs}`, ...notes].join('\n');
}

function paramType(param: ParamSummary): string {
  if (param.kind === 'number') return param.integer ? 'integer' : 'number';
  return param.kind;
}

function defaultOf(param: ParamSummary): string {
  return param.default === undefined ? '' : String(param.default);
}

function paramValues(param: ParamSummary): string {
  switch (param.kind) {
    case 'number':
      return param.min === undefined && param.max === undefined ? 'any' : `${param.min ?? '…'}..${param.max ?? '…'}`;
    case 'choice':
      return (param.options ?? []).join(', ');
    case 'seed':
      return '"random" or a whole number';
    case 'text':
      return param.widget === 'url' ? 'a URL' : '';
    default:
      return '';
  }
}

function portValues(port: PortSummary): string {
  const takes = [port.multiple ? 'several images' : '', port.accepts?.length ? `takes ${port.accepts.join(', ')} too` : ''].filter(Boolean);
  return takes.join('; ');
}
