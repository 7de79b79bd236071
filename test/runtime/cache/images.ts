// Test images. The cache never decodes images, only sniffs their first bytes, so most tests use
// "PNG-like" bytes: a real PNG signature followed by content unique to a label, of any size wanted.
import { createHash } from 'node:crypto';
import type { NewCallRecord } from '../../../src/runtime/cache/cache';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function pngLike(label: string, size = 256): Buffer {
  const body = Buffer.alloc(Math.max(0, size - PNG_SIGNATURE.length));
  let block = createHash('sha256').update(label).digest();
  for (let offset = 0; offset < body.length; offset += block.length) {
    block.copy(body, offset);
    block = createHash('sha256').update(block).digest();
  }
  return Buffer.concat([PNG_SIGNATURE, body]);
}

export function sha(label: string): string {
  return createHash('sha256').update(label).digest('hex');
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A successful call with one output made of `outputLabel`'s bytes. */
export function callEntry(label: string, outputLabel = `out:${label}`, size = 256): NewCallRecord {
  return {
    key: sha(`key:${label}`),
    model: 'black-forest-labs/flux-dev',
    version_id: null,
    input: { prompt: `a photo of ${label}`, image: { $blob: sha(`input:${label}`) }, num_outputs: 1 },
    prediction: { id: `pred-${label}`, provider: 'replicate', predictTime: 2.5 },
    seed: 42,
    outputs: [{ bytes: pngLike(outputLabel, size), width: 64, height: 64 }],
  };
}
