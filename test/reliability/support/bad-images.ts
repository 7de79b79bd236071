// Bytes that claim to be images, or are too much image: what users drop by mistake and attackers on
// purpose.
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A tiny PNG that decodes to width x height one-bit pixels (a decompression bomb when large). */
export function pixelBomb(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth
  const rows = Buffer.alloc((Math.ceil(width / 8) + 1) * height);
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

export async function goodPng(width = 300, height = 200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#884422' } }).png().toBuffer();
}

/** What must never enter the cache as an image, with what the refusal should mention. */
export async function notImages(): Promise<[string, Buffer, RegExp][]> {
  const png = await goodPng();
  return [
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), /not a PNG, JPEG, WebP or GIF/],
    ['an HTML page', Buffer.from('<!doctype html><script>alert(1)</script>'), /not a PNG, JPEG, WebP or GIF/],
    ['a PDF', Buffer.from('%PDF-1.7\n%%EOF'), /not a PNG, JPEG, WebP or GIF/],
    ['a ZIP', Buffer.from('504b030414000000080000000000', 'hex'), /not a PNG, JPEG, WebP or GIF/],
    ['text named .png', Buffer.from('this is not a picture'), /not a PNG, JPEG, WebP or GIF/],
    ['nothing at all', Buffer.alloc(0), /not a PNG, JPEG, WebP or GIF/],
    ['a PNG signature and then HTML', Buffer.concat([png.subarray(0, 8), Buffer.from('<html><script>alert(1)</script></html>')]), /cannot be decoded/],
    ['a GIF header and then a script (GIFAR)', Buffer.concat([Buffer.from('GIF89a'), Buffer.from('<script>alert(1)</script>')]), /cannot be decoded/],
    ['a PNG cut in half', png.subarray(0, Math.floor(png.length / 2)), /cannot be decoded/],
    ['a PNG with a damaged image chunk', damage(png), /cannot be decoded/],
    ['a 20000 x 20000 pixel bomb (48 kB)', pixelBomb(20_000, 20_000), /pixels|cannot be decoded/],
  ];
}

function damage(png: Buffer): Buffer {
  const copy = Buffer.from(png);
  const idat = copy.indexOf('IDAT');
  for (let i = idat + 8; i < Math.min(copy.length - 16, idat + 40); i++) copy[i] = 0xff;
  return copy;
}
