export {
  Cache,
  DEFAULT_CACHE_LIMIT_BYTES,
  AUTO_PRUNE_TARGET_RATIO,
  DEFAULT_IN_FLIGHT_GRACE_MS,
} from './cache';
export type {
  CacheOptions,
  CacheStats,
  CachedCall,
  NewCallRecord,
  OutputSource,
  PruneOptions,
  PruneReport,
} from './cache';
export { BlobStore, DEFAULT_MAX_BLOB_BYTES, prepareFolders } from './blobs';
export type { BlobInfo, BlobStat, BlobStoreOptions, PutResult, VerifyResult } from './blobs';
export { CallStore } from './calls';
export type { CallFile, CallReadResult } from './calls';
export {
  BlobRefSchema,
  CallInputSchema,
  CallOutputSchema,
  CallRecordSchema,
  PredictionInfoSchema,
  CALL_RECORD_FORMAT,
  CALL_RECORD_VERSION,
  blobRefsIn,
  blobsReferencedBy,
} from './call-record';
export type { BlobRef, CallOutput, CallRecord, JsonValue, PredictionInfo } from './call-record';
export { SHA256_PATTERN, assertSha256, isSha256, sha256Hex } from './hash';
export { IMAGE_MEDIA_TYPES, SNIFF_BYTES, isImageMediaType, sniffImageType } from './media-type';
export type { ImageMediaType } from './media-type';
export { CACHEDIR_TAG, blobPath, cacheLayout, callRecordPath } from './layout';
export type { CacheLayout, RemoveOutcome } from './layout';
export { planPrune } from './lru';
export { pruneCache } from './prune';
export type { PruneTarget } from './prune';
export type { Eviction, PlanOptions, PruneBlobEntry, PruneCallEntry, PrunePlan } from './lru';
