// Installs node:crypto's SHA-256 under the engine's cache keys (identical digests, much faster than the
// portable one). Imported for its effect by every runtime entry that compiles.
import { createHash } from 'node:crypto';
import { useNativeSha256 } from '../engine/hash';

useNativeSha256((data) => createHash('sha256').update(data).digest('hex'));
