// Writing provenance into image bytes and reading it back, whatever the format.
import { embedInJpeg, isJpeg, MAX_JPEG_XMP_BYTES, xmpFromJpeg } from './jpeg';
import { embedInPng, isPng, textFromPng } from './png';
import { parseProvenance, type Provenance } from './record';
import { embedInWebp, isWebp, xmpFromWebp } from './webp';
import { provenanceFromXmp, xmpPacket } from './xmp';

/** The image with its provenance embedded; formats Weft does not annotate come back unchanged. */
export function embedProvenance(bytes: Uint8Array, provenance: Provenance): Buffer {
  const json = JSON.stringify(provenance);
  if (isPng(bytes)) return embedInPng(bytes, json);
  if (isWebp(bytes)) return embedInWebp(bytes, xmpPacket(json));
  if (isJpeg(bytes)) {
    // One JPEG segment holds ~64 KB: without room, the embedded images are dropped (the sidecar keeps
    // everything), and if even that is too large the JPEG goes out without provenance but for its sidecar.
    for (const candidate of [provenance, { ...provenance, workflow: { ...provenance.workflow, assets: {} }, assetsOmitted: true }]) {
      const packet = xmpPacket(JSON.stringify(candidate));
      if (Buffer.byteLength(packet) <= MAX_JPEG_XMP_BYTES) return embedInJpeg(bytes, packet);
    }
    return Buffer.from(bytes);
  }
  return Buffer.from(bytes);
}

export function extractProvenance(bytes: Uint8Array): Provenance | undefined {
  try {
    if (isPng(bytes)) {
      const text = textFromPng(bytes);
      return text === undefined ? undefined : parseProvenance(text);
    }
    const xmp = isWebp(bytes) ? xmpFromWebp(bytes) : isJpeg(bytes) ? xmpFromJpeg(bytes) : undefined;
    const json = xmp === undefined ? undefined : provenanceFromXmp(xmp);
    return json === undefined ? undefined : parseProvenance(json);
  } catch {
    return undefined;
  }
}
