// WebP: the provenance XMP goes in an "XMP " chunk, which needs the extended format (a VP8X chunk with
// the XMP flag). A simple WebP is converted by adding VP8X in front of its image chunk; the image data is
// never re-encoded.

const XMP_FLAG = 0x04;
const ALPHA_FLAG = 0x10;

interface Chunk {
  fourcc: string;
  data: Buffer;
}

export function isWebp(bytes: Uint8Array): boolean {
  const b = Buffer.from(bytes.subarray(0, 12));
  return b.length === 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP';
}

function chunks(bytes: Buffer): Chunk[] {
  const list: Chunk[] = [];
  let at = 12;
  while (at + 8 <= bytes.length) {
    const fourcc = bytes.toString('latin1', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    if (at + 8 + size > bytes.length) throw new Error('the WebP is cut short');
    list.push({ fourcc, data: bytes.subarray(at + 8, at + 8 + size) });
    at += 8 + size + (size % 2);
  }
  return list;
}

function encode(list: Chunk[]): Buffer {
  const body = list.map(({ fourcc, data }) => {
    const head = Buffer.alloc(8);
    head.write(fourcc, 0, 'latin1');
    head.writeUInt32LE(data.length, 4);
    return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  });
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(4 + body.reduce((n, b) => n + b.length, 0), 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, ...body]);
}

/** Canvas size and alpha of a simple (VP8 or VP8L) WebP, read from its bitstream header. */
function simpleImageFacts(image: Chunk): { width: number; height: number; alpha: boolean } {
  const d = image.data;
  if (image.fourcc === 'VP8L') {
    const bits = d.readUInt32LE(1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, alpha: ((bits >>> 28) & 1) === 1 };
  }
  if (image.fourcc === 'VP8 ') return { width: d.readUInt16LE(6) & 0x3fff, height: d.readUInt16LE(8) & 0x3fff, alpha: false };
  throw new Error(`unexpected WebP image chunk ${image.fourcc}`);
}

function uint24(n: number): Buffer {
  const b = Buffer.alloc(3);
  b.writeUIntLE(n, 0, 3);
  return b;
}

export function embedInWebp(bytes: Uint8Array, xmp: string): Buffer {
  const list = chunks(Buffer.from(bytes)).filter((c) => c.fourcc !== 'XMP ');
  const packet: Chunk = { fourcc: 'XMP ', data: Buffer.from(xmp, 'utf8') };
  const vp8x = list.find((c) => c.fourcc === 'VP8X');
  if (vp8x) {
    const data = Buffer.from(vp8x.data);
    data[0] = data[0]! | XMP_FLAG;
    return encode([...list.map((c) => (c === vp8x ? { fourcc: 'VP8X', data } : c)), packet]);
  }
  const image = list[0];
  if (!image) throw new Error('the WebP has no image');
  const facts = simpleImageFacts(image);
  const header: Chunk = {
    fourcc: 'VP8X',
    data: Buffer.concat([Buffer.from([XMP_FLAG | (facts.alpha ? ALPHA_FLAG : 0), 0, 0, 0]), uint24(facts.width - 1), uint24(facts.height - 1)]),
  };
  return encode([header, ...list, packet]);
}

export function xmpFromWebp(bytes: Uint8Array): string | undefined {
  const chunk = chunks(Buffer.from(bytes)).find((c) => c.fourcc === 'XMP ');
  return chunk ? chunk.data.toString('utf8') : undefined;
}
