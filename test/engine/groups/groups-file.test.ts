// Workflows with groups on disk: loaded, located when malformed, and saved back unchanged (unknown keys too).
import { describe, expect, it } from 'vitest';
import { loadWorkflowText, serializeWorkflow } from '../../../src/engine';

const sampler = { id: 's', type: 'sampler', position: { x: 0, y: 0 }, params: { seed: 5 }, colour: 'teal' };
const doc = {
  format: 'weft-workflow',
  version: 1,
  name: 'grouped',
  nodes: [
    { id: 'p', type: 'prompt', position: { x: 0, y: 0 }, params: { text: 'a kite' } },
    { id: 'g', type: 'group', position: { x: 300, y: 0 }, params: { group: 'look', overrides: { 's.seed': 7 } } },
  ],
  edges: [{ id: 'e1', from: { node: 'p', port: 'prompt' }, to: { node: 'g', port: 'prompt' } }],
  groups: [
    {
      id: 'look',
      name: 'Look',
      description: 'a sampler with a look',
      nodes: [sampler],
      edges: [],
      inputs: [{ name: 'prompt', node: 's', port: 'prompt' }],
      outputs: [{ name: 'images', node: 's', port: 'images', hint: 'kept' }],
      icon: 'star',
    },
  ],
  assets: {},
};

function load(value: unknown) {
  return loadWorkflowText(JSON.stringify(value));
}

describe('a workflow file with groups', () => {
  it('loads, and saves back byte for byte, keys it does not know included', () => {
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    const result = loadWorkflowText(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.workflow.groups?.[0]?.nodes[0]?.id).toBe('s');
    expect(serializeWorkflow(result.workflow)).toBe(text);
  });

  it('locates a malformed group, inner node or edge', () => {
    const bad = (group: Record<string, unknown>) => {
      const result = load({ ...doc, groups: [{ ...doc.groups[0], ...group }] });
      return result.ok ? 'loaded' : result.error;
    };
    expect(bad({ nodes: [{ ...sampler, position: { x: 'left', y: 0 } }] })).toMatch(/^group look: node s: position\.x /);
    expect(bad({ edges: [{ id: 'e9', from: { node: 's' }, to: { node: 's', port: 'x' } }] })).toBe('group look: edge e9: from.port is missing');
    expect(bad({ name: undefined })).toBe('group look: name is missing');
    expect(bad({ inputs: [{ name: '', node: 's', port: 'prompt' }] })).toBe('group look: inputs.0.name port name must not be empty');
  });

  it('refuses duplicate ids among groups and inside one', () => {
    const twice = load({ ...doc, groups: [doc.groups[0], doc.groups[0]] });
    expect(twice.ok ? 'loaded' : twice.error).toBe('group look: the id is used by more than one group');
    const inner = load({ ...doc, groups: [{ ...doc.groups[0], nodes: [sampler, sampler] }] });
    expect(inner.ok ? 'loaded' : inner.error).toBe('group look: node s: the id is used by more than one node');
  });
});
