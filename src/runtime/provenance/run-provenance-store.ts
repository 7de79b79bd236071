// The provenance every image of a run shares (the workflow it was started from, seeds pinned, and each
// call as provenance names it), one file per run: `<dataDir>/run-provenance/<runId>.json`.
//
// Why a file of its own: run history records every call (model, version, input, seed, outputs) but not the
// graph, and an image saved from the gallery days later must carry the same provenance as the files the
// run wrote itself, or it cannot be reopened as its workflow. History stays small (the gallery reads it
// whole); this file is read only when an image is saved.
import { join } from 'node:path';
import { z } from 'zod';
import { WorkflowSchema } from '../../engine';
import { isRunId } from '../history/run-id';
import { readJsonFile } from '../storage/read-json';
import { writeFileAtomic } from '../storage/atomic';
import { provenanceCall, ProvenanceCallSchema, runProvenance, type ProvenanceInput } from './record';

export const RUN_PROVENANCE_FORMAT = 'weft-run-provenance';
export const RUN_PROVENANCE_FOLDER = 'run-provenance';

export const RunProvenanceRecordSchema = z.object({
  format: z.literal(RUN_PROVENANCE_FORMAT),
  version: z.literal(1),
  runId: z.string(),
  weft: z.string(),
  workflow: WorkflowSchema,
  assetsOmitted: z.boolean(),
  calls: z.array(ProvenanceCallSchema),
});
export type RunProvenanceRecord = z.infer<typeof RunProvenanceRecordSchema>;

export class RunProvenanceStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, RUN_PROVENANCE_FOLDER);
  }

  /** Called once a run has its id, with the workflow and plan it was started from. */
  async record(runId: string, source: Pick<ProvenanceInput, 'workflow' | 'calls' | 'weftVersion'>): Promise<void> {
    // The id becomes a file name: only one shaped like those history makes.
    if (!isRunId(runId)) throw new Error(`not a run id: ${JSON.stringify(runId)}`);
    const record: RunProvenanceRecord = { format: RUN_PROVENANCE_FORMAT, version: 1, runId, ...runProvenance(source), calls: source.calls.map(provenanceCall) };
    await writeFileAtomic(this.pathOf(runId), `${JSON.stringify(record)}\n`);
  }

  /** The run's record; null when there is none (a run from before Weft kept them) or it cannot be read. */
  async read(runId: string): Promise<RunProvenanceRecord | null> {
    if (!isRunId(runId)) return null;
    const found = await readJsonFile(this.pathOf(runId), RunProvenanceRecordSchema);
    return found.ok && found.value.runId === runId ? found.value : null;
  }

  private pathOf(runId: string): string {
    return join(this.dir, `${runId}.json`);
  }
}
