// JPEG: the provenance XMP goes in an APP1 segment after SOI (and after a JFIF APP0, if any). One segment
// holds at most 65,533 bytes, so larger packets are refused and the caller embeds less.
const XMP_HEADER = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');
export const MAX_JPEG_XMP_BYTES = 65_533 - XMP_HEADER.length;

export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

interface Segment {
  marker: number;
  start: number;
  end: number;
}

/** The marker segments before the image data (SOS), which is where metadata lives. */
function headerSegments(bytes: Buffer): Segment[] {
  const list: Segment[] = [];
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    if (marker === 0xda || marker === 0xd9) break;
    const length = bytes.readUInt16BE(at + 2);
    list.push({ marker, start: at, end: at + 2 + length });
    at += 2 + length;
  }
  return list;
}

function isXmp(bytes: Buffer, segment: Segment): boolean {
  return segment.marker === 0xe1 && bytes.subarray(segment.start + 4, segment.start + 4 + XMP_HEADER.length).equals(XMP_HEADER);
}

export function embedInJpeg(bytes: Uint8Array, xmp: string): Buffer {
  const source = Buffer.from(bytes);
  const packet = Buffer.from(xmp, 'utf8');
  if (packet.length > MAX_JPEG_XMP_BYTES) throw new RangeError('the XMP packet is too large for one JPEG segment');
  const segments = headerSegments(source);
  const kept = segments.filter((s) => !isXmp(source, s));
  const afterApp0 = kept.findIndex((s) => s.marker !== 0xe0);
  const insertAt = afterApp0 === -1 ? kept.length : afterApp0;
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(2 + XMP_HEADER.length + packet.length, 2);
  const headerEnd = segments.length ? segments[segments.length - 1]!.end : 2;
  const parts = [source.subarray(0, 2)];
  kept.forEach((s, i) => {
    if (i === insertAt) parts.push(app1, XMP_HEADER, packet);
    parts.push(source.subarray(s.start, s.end));
  });
  if (insertAt === kept.length) parts.push(app1, XMP_HEADER, packet);
  parts.push(source.subarray(headerEnd));
  return Buffer.concat(parts);
}

export function xmpFromJpeg(bytes: Uint8Array): string | undefined {
  const source = Buffer.from(bytes);
  const segment = headerSegments(source).find((s) => isXmp(source, s));
  return segment ? source.toString('utf8', segment.start + 4 + XMP_HEADER.length, segment.end) : undefined;
}
