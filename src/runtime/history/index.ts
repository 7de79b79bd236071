export {
  History,
  DEFAULT_FLUSH_INTERVAL_MS,
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_STALE_AFTER_MS,
} from './history';
export type { FinalRunStatus, HistoryOptions, NewRunCall, RunCallPatch, StartRunInit } from './history';
export {
  CALL_STATUSES,
  RUN_RECORD_FORMAT,
  RUN_RECORD_VERSION,
  RUN_STATUSES,
  RunCallSchema,
  RunCallStatusSchema,
  RunOutputSchema,
  RunOwnerSchema,
  RunRecordSchema,
  RunStatusSchema,
  RunTotalsSchema,
} from './schema';
export type {
  RunCall,
  RunCallStatus,
  RunOutput,
  RunOwner,
  RunRecord,
  RunStatus,
  RunSummary,
  RunTotals,
} from './schema';
export { RUN_ID_PATTERN, isRunId, newRunId } from './run-id';
export { computeTotals } from './totals';
export { isProcessAlive, ownerSeemsAlive } from './liveness';
export { CoalescedFile } from './coalesced-file';
export type { CoalescedFileOptions } from './coalesced-file';
export { RunMarkers } from './markers';
export type { LivenessContext } from './liveness';
