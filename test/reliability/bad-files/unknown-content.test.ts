// A file from a newer Weft (or edited by hand) carries things this one does not know: node types,
// params, keys on nodes, edges, positions, whole sections. Opened through the browser host and saved
// straight back, as the editor does, the file keeps all of it; saved again, it does not change at all.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeWorkflow, type Workflow } from '../../../src/engine';
import { EXAMPLES_DIR, EXAMPLE_NAMES } from '../../helpers/temp-dir';
import { useTally } from '../support/tally';
import { startHost, type HostUnderTest } from '../support/web-host';

/** The example with something unknown at every level the format has. */
function fromTheFuture(name: string): Workflow {
  const doc = JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.weft`), 'utf8')) as any;
  doc.layers = [{ id: 'l1', nodes: [doc.nodes[0].id], color: '#ff0' }];
  doc.ui = { ...doc.ui, minimap: { open: true }, viewport: { x: 1, y: 2, zoom: 0.5 } };
  doc.nodes[0].locked = true;
  doc.nodes[0].position.z = 3;
  doc.nodes[0].params.future_param = { curve: [0, 0.5, 1] };
  doc.nodes.push({ id: 'upscale', type: 'quantum-upscaler', position: { x: 9, y: 9 }, params: { factor: 4 }, plugin: 'acme' });
  doc.edges[0].style = 'dashed';
  doc.edges[0].from.handleColor = 'red';
  doc.edges.push({ id: 'to-future', from: { node: doc.nodes[0].id, port: 'prompt' }, to: { node: 'upscale', port: 'hint' } });
  return doc as Workflow;
}

describe('unknown content', () => {
  const tally = useTally(__filename);
  let root: string;
  let web: HostUnderTest;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'weft-rel-unknown-'));
    web = await startHost(join(root, 'host'));
  });
  afterAll(async () => {
    await web.host.close();
    rmSync(root, { recursive: true, force: true });
  });

  for (const name of EXAMPLE_NAMES) {
    it(`${name}: opened and saved back through the browser host, nothing is lost`, async () => {
      const path = join(root, `${name}.weft`);
      const original = serializeWorkflow(fromTheFuture(name));
      writeFileSync(path, original);
      const opened = await web.api('workflow.open', { kind: 'path', path });
      expect(opened.reply.ok).toBe(true);
      const { documentId, workflow, warnings } = opened.reply.value.document;
      expect(warnings).toEqual([]);
      const saved = await web.api('workflow.save', { documentId, workflow });
      expect(saved.reply).toMatchObject({ ok: true, value: { saved: true } });
      // Everything is still there (a newer Weft's key order may come back in this one's order)...
      const first = readFileSync(path, 'utf8');
      expect(JSON.parse(first)).toEqual(JSON.parse(original));
      expect(readFileSync(`${path}.bak`, 'utf8')).toBe(original);
      // ...and from then on a save changes nothing at all.
      await web.api('workflow.save', { documentId, workflow: (await web.api('workflow.open', { kind: 'path', path })).reply.value.document.workflow });
      expect(readFileSync(path, 'utf8')).toBe(first);
      const compiled = await web.api('run.compile', { documentId, workflow });
      expect(compiled.reply.value.diagnostics).toContainEqual(expect.objectContaining({ code: 'unknown-type', node: 'upscale' }));
      tally.add('bad files: unknown content survives a save', { cases: 1, faults: 1 });
    });
  }
});
