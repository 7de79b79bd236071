import { describe, expect, it } from 'vitest';
import { CURRENT_WORKFLOW_VERSION, loadWorkflowText, serializeWorkflow, type Migration } from '../../../src/engine';

const minimal = (extra: Record<string, unknown> = {}) => JSON.stringify({ format: 'weft-workflow', version: 1, nodes: [], edges: [], ...extra });

function errorOf(text: string, migrations?: Migration[]): string {
  const result = loadWorkflowText(text, migrations);
  if (result.ok) throw new Error('expected the load to fail');
  return result.error;
}

describe('loading a .weft file', () => {
  it('reads a minimal workflow', () => {
    const result = loadWorkflowText(minimal());
    expect(result).toMatchObject({ ok: true, workflow: { nodes: [], edges: [], assets: {} } });
  });

  it('says where JSON is broken, and when the file is cut short', () => {
    expect(errorOf('{\n  "format": "weft-workflow",\n  "version": 1,\n  oops\n}')).toMatch(/^not valid JSON at line 4, column 3/);
    expect(errorOf(minimal().slice(0, 30))).toMatch(/^not valid JSON.*cut short/);
    expect(errorOf('')).toBe('the file is empty');
  });

  it('refuses what is not a Weft workflow', () => {
    expect(errorOf('[1,2]')).toBe('not a Weft workflow: the file holds no JSON object');
    expect(errorOf('{"nodes":[]}')).toBe('not a Weft workflow: it has no "format" field (expected "weft-workflow")');
    expect(errorOf('{"format":"comfy"}')).toBe('not a Weft workflow: its format is "comfy" (expected "weft-workflow")');
  });

  it('refuses a file from a newer Weft, saying what to do', () => {
    expect(errorOf(minimal({ version: 7 }))).toBe(`file is version 7; this Weft reads up to ${CURRENT_WORKFLOW_VERSION}: update Weft to open it`);
    expect(errorOf(minimal({ version: 'one' }))).toMatch(/"version" is "one"/);
  });

  it('locates a malformed node or edge by its id', () => {
    const node = { id: 's1', type: 'sampler', position: { x: 'left', y: 0 }, params: {} };
    expect(errorOf(minimal({ nodes: [node] }))).toMatch(/^node s1: position\.x /);
    expect(errorOf(minimal({ nodes: [{ id: 'p', type: 'prompt', params: {} }] }))).toBe('node p: position is missing');
    expect(errorOf(minimal({ edges: [{ id: 'e3', from: { node: 'a' }, to: { node: 'b', port: 'x' } }] }))).toBe('edge e3: from.port is missing');
    expect(errorOf(minimal({ nodes: 'none' }))).toMatch(/^nodes /);
  });

  it('refuses duplicate ids', () => {
    const p = { id: 'p', type: 'prompt', position: { x: 0, y: 0 }, params: {} };
    expect(errorOf(minimal({ nodes: [p, p] }))).toBe('node p: the id is used by more than one node');
  });

  it('keeps what it does not know, and saves it back unchanged', () => {
    const doc = {
      format: 'weft-workflow',
      version: 1,
      name: 'future',
      createdWith: 'weft 9',
      nodes: [{ id: 'u', type: 'upscaler', position: { x: 1, y: 2 }, params: { factor: 4, model: { deep: [1, 2] } }, colour: 'teal' }],
      edges: [{ id: 'e1', from: { node: 'u', port: 'image' }, to: { node: 'x', port: 'y' }, style: 'dashed' }],
      ui: { viewport: { x: 0, y: 0, zoom: 1 } },
      assets: {},
    };
    const result = loadWorkflowText(JSON.stringify(doc));
    if (!result.ok) throw new Error(result.error);
    expect(JSON.parse(serializeWorkflow(result.workflow))).toEqual(doc);
  });

  it('skips a UTF-8 byte order mark', () => {
    expect(loadWorkflowText(`\uFEFF${minimal()}`).ok).toBe(true);
  });

  it('runs migrations in order and reports them', () => {
    const migrations: Migration[] = [{ from: 0, summary: 'renamed links to edges', migrate: ({ links, ...rest }) => ({ ...rest, edges: links }) }];
    const old = JSON.stringify({ format: 'weft-workflow', version: 0, nodes: [], links: [] });
    // Version 0 was never published, so the real list cannot read it; a test list shows the mechanism.
    expect(errorOf(old)).toBe('file is version 0, which no release of Weft wrote: it cannot be read');
    const result = loadWorkflowText(old, migrations);
    expect(result).toMatchObject({ ok: true, workflow: { version: 1, edges: [] }, migrations: ['version 0 to 1: renamed links to edges'] });
    expect(result.ok && 'links' in result.workflow).toBe(false);
  });
});
