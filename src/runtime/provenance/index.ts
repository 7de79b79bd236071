export { buildProvenance, parseProvenance, provenanceCall, provenanceOf, runProvenance, ProvenanceSchema, PROVENANCE_FORMAT, type Provenance, type ProvenanceCall, type ProvenanceInput, type RunProvenance } from './record';
export { embedProvenance, extractProvenance } from './embed';
export { workflowFromImage } from './restore';
export { RunProvenanceStore, RUN_PROVENANCE_FOLDER, type RunProvenanceRecord } from './run-provenance-store';
