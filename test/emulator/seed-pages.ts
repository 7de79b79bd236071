/**
 * Reads the model pages saved in /work/shared/seeds (Replicate's "API" tab, as text) into field lists,
 * so tests can hold the emulator's schemas to them. Two layouts occur: a markdown-like table (seed 000)
 * and one line per cell (seed 004).
 */

export interface SeedField {
  name: string;
  /** As printed: "string", "integer", "number", "boolean", "None" (an enum), or "string (enum)". */
  type: string;
  default?: string;
  min?: number;
  max?: number;
  options?: string[];
}

export interface SeedPage {
  /** "owner/name" */
  ref: string;
  /** The 8-character version prefix the page shows. */
  versionPrefix: string;
  fields: SeedField[];
}

const TYPE_LINE = /^(string|integer|number|boolean|None)( \(enum\))?$/;

function splitRange(cell: string): { rest: string; min?: number; max?: number } {
  const min = /Min: (-?[\d.]+)/.exec(cell)?.[1];
  const max = /Max: (-?[\d.]+)/.exec(cell)?.[1];
  const rest = cell.replace(/Min: -?[\d.]+/, '').replace(/Max: -?[\d.]+/, '').trim();
  return { rest, ...(min === undefined ? {} : { min: Number(min) }), ...(max === undefined ? {} : { max: Number(max) }) };
}

function parseHeader(text: string): { ref: string; versionPrefix: string } {
  const match = /^([\w-]+) \/([\w.-]+):([0-9a-f]{8})\s*$/m.exec(text);
  if (!match) throw new Error('seed page has no "owner /name:version" line');
  return { ref: `${match[1]}/${match[2]}`, versionPrefix: match[3] as string };
}

function inputSection(text: string, header: string): string {
  const start = text.indexOf(header);
  const end = text.indexOf('Output schema', start);
  if (start < 0 || end < 0) throw new Error(`seed page lacks "${header}" or "Output schema"`);
  return text.slice(start + header.length, end);
}

/** Seed 000's layout: `| name | type | default and range | description |`, cells spread over lines. */
function parseTable(text: string): SeedField[] {
  const body = inputSection(text, '|---|---|---|---|');
  const rowStarts = [...body.matchAll(/^\| ([a-z_][a-z0-9_]*) \|/gm)];
  return rowStarts.map((start, i) => {
    const from = (start.index ?? 0) + start[0].length;
    const to = rowStarts[i + 1]?.index ?? body.length;
    const cells = body.slice(from, to).split('|').map((c) => c.replace(/\s+/g, ' ').trim());
    const [type = '', third = '', fourth = ''] = cells;
    const field: SeedField = { name: start[1] as string, type };
    // Without a default or range the description moves into the third cell and the fourth is empty.
    if (fourth !== '') {
      const { rest, min, max } = splitRange(third);
      if (rest !== '') field.default = rest;
      if (min !== undefined) field.min = min;
      if (max !== undefined) field.max = max;
    }
    return field;
  });
}

/** Seed 004's layout: name, type, then optional default, "Options:" list, Min, Max, description. */
function parseLines(text: string): SeedField[] {
  const lines = inputSection(text, 'Field Type Default value Description')
    .split('\n')
    .map((l) => l.trim());
  const starts: number[] = [];
  lines.forEach((line, i) => {
    if (/^[a-z_][a-z0-9_]*$/.test(line) && TYPE_LINE.test(lines[i + 1] ?? '')) starts.push(i);
  });
  return starts.map((start, i) => {
    const block = lines.slice(start + 2, starts[i + 1] ?? lines.length).filter((l) => l !== '');
    const field: SeedField = { name: lines[start] as string, type: lines[start + 1] as string };
    const description = block.length - 1;
    block.forEach((line, j) => {
      if (line === 'Options:') field.options = (block[j + 1] ?? '').split(',').map((o) => o.trim());
      else if (line.startsWith('Min: ')) field.min = Number(line.slice(5));
      else if (line.startsWith('Max: ')) field.max = Number(line.slice(5));
      else if (j === 0 && j !== description) field.default = line;
    });
    return field;
  });
}

export function parseSeedPage(text: string): SeedPage {
  const fields = text.includes('| Field | Type |') ? parseTable(text) : parseLines(text);
  if (fields.length === 0) throw new Error('no fields found in the seed page');
  return { ...parseHeader(text), fields };
}
