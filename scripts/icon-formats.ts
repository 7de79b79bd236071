// Writers for the two icon containers sharp cannot produce: Windows .ico and macOS .icns. Both are a small
// directory in front of images we render with sharp, so a few dozen lines here spare a native tool that
// would have to exist on every OS (iconutil is macOS-only, ImageMagick is not installed by npm).

/** One square image: its edge in pixels, its PNG bytes, and (for small ICO entries) raw RGBA pixels. */
export interface IconImage {
  size: number;
  png: Buffer;
  rgba?: Buffer;
}

/**
 * An .ico with one entry per image. Entries under 256 px are stored as 32-bit BMPs (DIBs) because some
 * Windows tools that rewrite executable icons (NSIS, rcedit, older shells) only read DIB entries at small
 * sizes; the 256 px entry is PNG, as Windows has read it since Vista and a 256 px DIB would be 256 KB.
 */
export function encodeIco(images: readonly IconImage[]): Buffer {
  const bodies = images.map((image) => (image.size >= 256 ? image.png : dib(image)));
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  const entries = Buffer.alloc(16 * images.length);
  let offset = header.length + entries.length;
  images.forEach((image, i) => {
    const body = bodies[i]!;
    const at = i * 16;
    entries.writeUInt8(image.size >= 256 ? 0 : image.size, at); // 0 means 256
    entries.writeUInt8(image.size >= 256 ? 0 : image.size, at + 1);
    entries.writeUInt8(0, at + 2); // no palette
    entries.writeUInt8(0, at + 3);
    entries.writeUInt16LE(1, at + 4); // colour planes
    entries.writeUInt16LE(32, at + 6); // bits per pixel
    entries.writeUInt32LE(body.length, at + 8);
    entries.writeUInt32LE(offset, at + 12);
    offset += body.length;
  });
  return Buffer.concat([header, entries, ...bodies]);
}

/** A BITMAPINFOHEADER, BGRA rows bottom-up, then the 1-bit AND mask (all zero: alpha already says it). */
function dib(image: IconImage): Buffer {
  const { size, rgba } = image;
  if (!rgba || rgba.length !== size * size * 4) throw new Error(`a ${size} px ICO entry needs ${size}x${size} RGBA pixels`);
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // height counts the colour rows and the mask rows
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      pixels[to] = rgba[from + 2]!;
      pixels[to + 1] = rgba[from + 1]!;
      pixels[to + 2] = rgba[from]!;
      pixels[to + 3] = rgba[from + 3]!;
    }
  }
  const maskRowBytes = Math.ceil(size / 32) * 4;
  return Buffer.concat([header, pixels, Buffer.alloc(maskRowBytes * size)]);
}

/** The .icns types that hold PNG data, by pixel size (Retina types reuse the doubled size). */
const ICNS_TYPES: ReadonlyArray<[type: string, size: number]> = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32], // 16@2x
  ['icp6', 64],
  ['ic12', 64], // 32@2x
  ['ic07', 128],
  ['ic13', 256], // 128@2x
  ['ic08', 256],
  ['ic14', 512], // 256@2x
  ['ic09', 512],
  ['ic10', 1024], // 512@2x
];

export const ICNS_SIZES: readonly number[] = [...new Set(ICNS_TYPES.map(([, size]) => size))];

/** An .icns: a big-endian 'icns' header, then one typed PNG chunk per (type, size) above. */
export function encodeIcns(images: readonly IconImage[]): Buffer {
  const bySize = new Map(images.map((image) => [image.size, image.png]));
  const chunks = ICNS_TYPES.map(([type, size]) => {
    const png = bySize.get(size);
    if (!png) throw new Error(`.icns needs a ${size} px image`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + chunks.reduce((sum, chunk) => sum + chunk.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}
