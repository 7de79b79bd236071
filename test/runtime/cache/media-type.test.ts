import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sniffImageType } from '../../../src/runtime/cache/media-type';

async function realImage(format: 'png' | 'jpeg' | 'webp' | 'gif'): Promise<Buffer> {
  return sharp({ create: { width: 4, height: 4, channels: 3, background: '#c0ffee' } }).toFormat(format).toBuffer();
}

describe('sniffImageType', () => {
  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['webp', 'image/webp'],
    ['gif', 'image/gif'],
  ] as const)('recognises a real %s by its bytes', async (format, mediaType) => {
    expect(sniffImageType(await realImage(format))).toBe(mediaType);
  });

  it.each([
    ['SVG', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    ['HTML', '<!doctype html><html><body>502 Bad Gateway</body></html>'],
    ['XML', '<?xml version="1.0"?><svg/>'],
    ['text', 'hello'],
    ['JSON', '{"error":"expired"}'],
    ['empty', ''],
    ['a RIFF that is not WebP (a WAV file)', 'RIFF\u0024\u0000\u0000\u0000WAVEfmt '],
    ['a truncated PNG signature', '\u0089PNG'],
  ])('refuses %s', (_name, text) => {
    expect(sniffImageType(Buffer.from(text, 'latin1'))).toBeNull();
  });
});
