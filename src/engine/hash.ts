// Hashing for cache keys and asset ids. The engine is pure and also runs in the renderer, so it uses a
// portable SHA-256 (noble) instead of node:crypto; the runtime may use node:crypto for large blobs since
// both produce the same digest.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export type Sha256Hex = (data: Uint8Array | string) => string;

const portableSha256: Sha256Hex = (data) => bytesToHex(sha256(typeof data === 'string' ? utf8ToBytes(data) : data));
let implementation: Sha256Hex = portableSha256;

export function sha256Hex(data: Uint8Array | string): string {
  return implementation(data);
}

/**
 * Lets a host with a native SHA-256 (node:crypto) replace the portable one: same digests, several times
 * faster, which matters for compile on every edit of a large graph. The runtime installs it at load.
 */
export function useNativeSha256(native: Sha256Hex): void {
  if (native('abc') !== portableSha256('abc')) throw new Error('useNativeSha256: the native hash disagrees with SHA-256');
  implementation = native;
}

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export function isSha256(value: unknown): value is string {
  return typeof value === 'string' && SHA256_PATTERN.test(value);
}

/**
 * JSON with object keys sorted at every depth, so that two equal values always hash the same whatever
 * order their keys were written in. `undefined` members are dropped, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
