// Opaque ids handed to the renderer: random, so they reveal nothing (no paths, no counters) and cannot
// be guessed to reach something the renderer was never given.
import { randomBytes } from 'node:crypto';

/** 128 random bits as base64url: 22 characters of [A-Za-z0-9_-], what the API's DocumentId accepts. */
export function newOpaqueId(): string {
  return randomBytes(16).toString('base64url');
}

export const OPAQUE_ID_PATTERN = /^[A-Za-z0-9_-]{6,64}$/;
