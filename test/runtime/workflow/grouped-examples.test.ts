// Grouped twins of two examples (test/golden/groups): each compiles, with the runtime reading its images,
// to exactly the calls and cache keys of the flat example, and saves back byte for byte.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../nodes';
import { serializeWorkflow, type Plan, type Workflow } from '../../../src/engine';
import { BlobStore } from '../../../src/runtime/cache/blobs';
import { compileWorkflow } from '../../../src/runtime/compile-workflow';
import { ImagePreparer } from '../../../src/runtime/images/image-preparer';
import { buildProvenance } from '../../../src/runtime/provenance/record';
import { readWorkflowFile } from '../../../src/runtime/workflow/workflow-file';
import { comparableCalls, ungroupedId } from '../../engine/groups/fixtures';
import { EXAMPLES_DIR, useTempDirs } from '../../helpers/temp-dir';

const GROUPED = join(__dirname, '..', '..', 'golden', 'groups');

async function read(path: string): Promise<Workflow> {
  const loaded = await readWorkflowFile(path);
  if (!loaded.ok) throw new Error(loaded.error);
  expect(loaded.warnings).toEqual([]);
  return loaded.workflow;
}

describe('grouped example workflows', () => {
  const tempDir = useTempDirs();
  const compiled = (workflow: Workflow): Promise<Plan> =>
    compileWorkflow(workflow, { catalog, images: new ImagePreparer(new BlobStore(tempDir())), baseDir: EXAMPLES_DIR, randomSeed: () => 500 });

  it.each([
    ['inpainting', 'inpaint'],
    ['text-to-image-two-loras', 'look'],
  ])('%s grouped compiles to the Plan calls of its flat twin', async (name, groupNode) => {
    const path = join(GROUPED, `${name}.grouped.weft`);
    const grouped = await read(path);
    expect(serializeWorkflow(grouped)).toBe(readFileSync(path, 'utf8'));
    const flat = await read(join(EXAMPLES_DIR, `${name}.weft`));

    const [groupedPlan, flatPlan] = await Promise.all([compiled(grouped), compiled(flat)]);
    expect(groupedPlan.diagnostics).toEqual([]);
    expect(comparableCalls(groupedPlan, ungroupedId)).toEqual(comparableCalls(flatPlan));
    // Images inside the group were read like any other: every key is known before the run.
    expect(groupedPlan.calls.every((c) => c.key !== null)).toBe(true);
    expect(groupedPlan.calls.map((c) => c.source)).toEqual([groupNode]);
  });

  it('pins the seed of a call inside a group as an override of the group node, in provenance', async () => {
    const grouped = await read(join(GROUPED, 'inpainting.grouped.weft'));
    const random = { ...grouped, nodes: grouped.nodes.map((n) => (n.id === 'inpaint' ? { ...n, params: { group: 'inpaint', overrides: { 'sampler.seed': 'random' } } } : n)) };
    const plan = await compiled(random);
    const call = plan.calls[0]!;
    expect(call.randomSeed).toBe(true);
    const provenance = buildProvenance({ workflow: random, calls: plan.calls, call, index: 0, weftVersion: 'test' });
    expect(provenance.workflow.nodes.find((n) => n.id === 'inpaint')!.params).toEqual({ group: 'inpaint', overrides: { 'sampler.seed': call.seed } });
    // Re-running the restored workflow makes the same call.
    const again = await compiled(provenance.workflow);
    expect(again.calls[0]!.key).toBe(call.key);
  });
});
