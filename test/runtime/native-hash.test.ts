import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../../src/runtime/native-hash';
import { canonicalJson, sha256Hex } from '../../src/engine';

describe('the native SHA-256 under cache keys', () => {
  it('gives the same digests as the portable one, so keys never change with the host', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.uint8Array({ maxLength: 300 })), (data) => {
        const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
        expect(sha256Hex(data)).toBe(bytesToHex(sha256(bytes)));
      }),
    );
    expect(sha256Hex(canonicalJson({ b: 1, a: 'é' }))).toBe(bytesToHex(sha256(new TextEncoder().encode('{"a":"é","b":1}'))));
  });
});
