// The provenance kept per run: what it gives back makes, call for call, the provenance the run's own
// files carry; and a missing, damaged or misnamed record reads as none rather than as a wrong one.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newRunId } from '../../../src/runtime/history/run-id';
import { buildProvenance, provenanceOf, RUN_PROVENANCE_FOLDER, RunProvenanceStore } from '../../../src/runtime/provenance';
import { compileTest, workflow } from '../../helpers/build-workflow';
import { useTempDirs } from '../../helpers/temp-dir';

const wf = workflow(
  { p: ['prompt', { text: 'a lighthouse at dusk' }], a: ['sampler', { seed: 'random' }], b: ['sampler', { seed: 'random', prompt_strength: 0.6 }] },
  ['p.prompt>a.prompt', 'p.prompt>b.prompt', 'a.image>b.image'],
  { ui: { viewport: { x: 1, y: 2, zoom: 1 } } },
);

describe('run provenance records', () => {
  const tempDir = useTempDirs();

  it('gives back, for every call, the provenance buildProvenance makes for the files the run writes', async () => {
    const store = new RunProvenanceStore(tempDir());
    const plan = compileTest(wf);
    const runId = newRunId(Date.now());
    await store.record(runId, { workflow: wf, calls: plan.calls, weftVersion: '1.2.3' });
    const record = await store.read(runId);
    expect(record).toMatchObject({ format: 'weft-run-provenance', runId, weft: '1.2.3', assetsOmitted: false });
    // Seeds drawn at compile are pinned, editor state is not kept.
    expect(record!.workflow.nodes.map((n) => n.params.seed)).toEqual([undefined, 1001, 1002]);
    expect(record!.workflow.ui).toBeUndefined();
    for (const call of plan.calls) {
      const kept = record!.calls.find((c) => c.node === call.node)!;
      expect(provenanceOf(record!, kept, 0, { predictionId: 'p1' })).toEqual(buildProvenance({ workflow: wf, calls: plan.calls, call, index: 0, weftVersion: '1.2.3', predictionId: 'p1' }));
    }
  });

  it('reads none for a run it has no record of, a damaged record or one filed under another id', async () => {
    const dataDir = tempDir();
    const store = new RunProvenanceStore(dataDir);
    const [one, two] = [newRunId(Date.now()), newRunId(Date.now() + 1)];
    expect(await store.read(one)).toBeNull();
    expect(await store.read('../settings')).toBeNull();
    await expect(store.record('../../etc/passwd', { workflow: wf, calls: [], weftVersion: '1' })).rejects.toThrow(/not a run id/);

    await store.record(one, { workflow: wf, calls: compileTest(wf).calls, weftVersion: '1' });
    const folder = join(dataDir, RUN_PROVENANCE_FOLDER);
    writeFileSync(join(folder, `${two}.json`), readFileSync(join(folder, `${one}.json`)));
    expect(await store.read(two)).toBeNull();
    writeFileSync(join(folder, `${one}.json`), '{"format": "weft-run-provenance", "version": 1, "runId"');
    expect(await store.read(one)).toBeNull();
  });
});
