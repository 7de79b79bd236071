// Where an image saved from the gallery or the viewer gets its provenance. The renderer names the output
// (run id, call, output index); history confirms that run made this very image; the run's provenance
// record (kept when it started) gives the workflow. The same record and the same function make the
// provenance of the files a run writes itself, so both carry the same thing. Without any of these the
// image is saved as it is, and the reason is given for the user.
import type { History } from '../../history/history';
import type { RunRecord } from '../../history/schema';
import { provenanceOf, type Provenance, type RunProvenanceStore } from '../../provenance';
import { AppFailure } from '../app-failure';

/** Which output an image is: `node` is the call's id (`<node>#<k>` for a swept call), as in history. */
export interface ImageSource {
  runId: string;
  node: string;
  index: number;
}

export type MissingProvenanceReason = 'no-source' | 'not-in-history' | 'not-recorded';

export interface MissingProvenance {
  reason: MissingProvenanceReason;
  /** Says why, to follow "saved without its workflow: ". */
  message: string;
}

export type ImageProvenance = { provenance: Provenance } | { missing: MissingProvenance };

export interface ProvenanceSources {
  history: () => Promise<History>;
  runs: RunProvenanceStore;
}

const missing = (reason: MissingProvenanceReason, message: string): ImageProvenance => ({ missing: { reason, message } });

export async function provenanceOfImage(sha256: string, source: ImageSource | undefined, sources: ProvenanceSources): Promise<ImageProvenance> {
  if (!source) return missing('no-source', 'Weft cannot tell which run made this image');
  let run: RunRecord | null;
  try {
    run = await (await sources.history()).get(source.runId);
  } catch {
    return missing('not-in-history', 'the history of the run that made it cannot be read (its file is damaged)');
  }
  if (!run) return missing('not-in-history', 'the run that made it is no longer in history');
  const call = run.calls.find((c) => c.node === source.node);
  // A request naming another image is a caller's mistake: embedding that run's workflow would lie.
  if (call?.outputs[source.index]?.sha256 !== sha256) {
    throw new AppFailure(`run ${source.runId} did not make this image as output ${source.index + 1} of ${source.node}`, 'bad-request');
  }
  const record = await sources.runs.read(source.runId);
  const planned = record?.calls.find((c) => c.node === source.node);
  if (!record || !planned) return missing('not-recorded', 'Weft did not keep the workflow of the run that made it (it ran before Weft kept them, or it could not be written)');
  return { provenance: provenanceOf(record, planned, source.index, { predictionId: call.predictionId }) };
}
