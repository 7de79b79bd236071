// PNG text chunks: the provenance goes in an iTXt chunk with the keyword "weft" (UTF-8, uncompressed),
// right after IHDR, as ComfyUI does with its own keywords. The image data is never re-encoded.
import { crc32 } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const KEYWORD = 'weft';

interface Chunk {
  type: string;
  data: Buffer;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && Buffer.from(bytes.subarray(0, 8)).equals(SIGNATURE);
}

function chunks(bytes: Buffer): Chunk[] {
  const list: Chunk[] = [];
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > bytes.length) throw new Error('the PNG is cut short');
    list.push({ type, data: bytes.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
    if (type === 'IEND') break;
  }
  return list;
}

function encodeChunk({ type, data }: Chunk): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

function isWeftText(chunk: Chunk): boolean {
  return chunk.type === 'iTXt' && chunk.data.subarray(0, KEYWORD.length + 1).equals(Buffer.from(`${KEYWORD}\0`, 'latin1'));
}

export function embedInPng(bytes: Uint8Array, text: string): Buffer {
  const all = chunks(Buffer.from(bytes)).filter((c) => !isWeftText(c));
  // keyword, NUL, compression flag 0, method 0, empty language tag + NUL, empty translated keyword + NUL, text
  const itxt: Chunk = { type: 'iTXt', data: Buffer.concat([Buffer.from(`${KEYWORD}\0\0\0\0\0`, 'latin1'), Buffer.from(text, 'utf8')]) };
  const [ihdr, ...rest] = all;
  if (!ihdr || ihdr.type !== 'IHDR') throw new Error('not a PNG: IHDR is not the first chunk');
  return Buffer.concat([SIGNATURE, ...[ihdr, itxt, ...rest].map(encodeChunk)]);
}

export function textFromPng(bytes: Uint8Array): string | undefined {
  const chunk = chunks(Buffer.from(bytes)).find(isWeftText);
  return chunk ? chunk.data.subarray(KEYWORD.length + 5).toString('utf8') : undefined;
}
