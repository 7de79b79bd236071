export { buildProvenance, parseProvenance, ProvenanceSchema, PROVENANCE_FORMAT, type Provenance, type ProvenanceInput } from './record';
export { embedProvenance, extractProvenance } from './embed';
export { workflowFromImage } from './restore';
