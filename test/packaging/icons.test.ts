// The committed icons (npm run icons renders them from resources/icon.svg) are whole and of every size the
// installers need; the .ico/.icns writers produce what Windows and macOS read.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeIcns, encodeIco } from '../../scripts/icon-formats';

const ICONS = join(__dirname, '..', '..', 'resources', 'icons');
const PNG_MAGIC = '89504e470d0a1a0a';

function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(0, 8).toString('hex')).toBe(PNG_MAGIC);
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

/** ICO directory: [size, kind, bytes] per entry, each entry's image read back from its offset. */
function icoEntries(ico: Buffer): Array<[number, 'png' | 'dib', number]> {
  expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
    const at = 6 + i * 16;
    const size = ico[at] || 256;
    const bytes = ico.readUInt32LE(at + 8);
    const image = ico.subarray(ico.readUInt32LE(at + 12), ico.readUInt32LE(at + 12) + bytes);
    expect(image.length).toBe(bytes);
    if (image.subarray(0, 8).toString('hex') === PNG_MAGIC) {
      expect(pngSize(image)).toEqual([size, size]);
      return [size, 'png', bytes];
    }
    expect([image.readUInt32LE(0), image.readInt32LE(4), image.readInt32LE(8), image.readUInt16LE(14)]).toEqual([40, size, size * 2, 32]);
    return [size, 'dib', bytes];
  });
}

function icnsTypes(icns: Buffer): Record<string, [number, number]> {
  expect(icns.toString('latin1', 0, 4)).toBe('icns');
  expect(icns.readUInt32BE(4)).toBe(icns.length);
  const types: Record<string, [number, number]> = {};
  for (let at = 8; at < icns.length; ) {
    const length = icns.readUInt32BE(at + 4);
    types[icns.toString('latin1', at, at + 4)] = pngSize(icns.subarray(at + 8, at + length));
    at += length;
  }
  return types;
}

describe('icons', () => {
  it.each(['icon.ico', 'weft-file.ico'])('%s holds 16 to 256 px, small sizes as DIBs, 256 as PNG', (name) => {
    const entries = icoEntries(readFileSync(join(ICONS, name)));
    expect(entries.map(([size]) => size)).toEqual([16, 20, 24, 32, 40, 48, 64, 128, 256]);
    expect(entries.map(([, kind]) => kind)).toEqual([...Array(8).fill('dib'), 'png']);
  });

  it.each(['icon.icns', 'weft-file.icns'])('%s holds every size from 16 to 1024 px (Retina included)', (name) => {
    expect(icnsTypes(readFileSync(join(ICONS, name)))).toEqual({
      icp4: [16, 16],
      icp5: [32, 32],
      ic11: [32, 32],
      icp6: [64, 64],
      ic12: [64, 64],
      ic07: [128, 128],
      ic13: [256, 256],
      ic08: [256, 256],
      ic14: [512, 512],
      ic09: [512, 512],
      ic10: [1024, 1024],
    });
  });

  it('has a PNG per Linux size, named as electron-builder installs them, plus the 1024 px master', () => {
    for (const name of readdirSync(join(ICONS, 'png'))) {
      const size = Number(/^(\d+)x\1\.png$/.exec(name)?.[1]);
      expect(pngSize(readFileSync(join(ICONS, 'png', name)))).toEqual([size, size]);
    }
    expect(readdirSync(join(ICONS, 'png')).length).toBeGreaterThanOrEqual(8);
    expect(pngSize(readFileSync(join(ICONS, 'icon.png')))).toEqual([1024, 1024]);
  });

  it('writes DIB rows bottom-up in BGRA, as Windows reads them', () => {
    // 2x2: top-left red, top-right green, bottom-left blue, bottom-right half-transparent white.
    const rgba = Buffer.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 128]);
    const ico = encodeIco([{ size: 2, png: Buffer.alloc(0), rgba }]);
    const pixels = ico.subarray(6 + 16 + 40, 6 + 16 + 40 + 16);
    expect([...pixels]).toEqual([255, 0, 0, 255, 255, 255, 255, 128, 0, 0, 255, 255, 0, 255, 0, 255]);
    expect(() => encodeIcns([])).toThrow(/needs a 16 px image/);
  });
});
