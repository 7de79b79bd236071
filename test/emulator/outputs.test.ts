/**
 * Outputs are real image files of the requested format and size, named out-N.<format>, served from the
 * emulator's delivery path, and deterministic from (seed, input) except in go_fast mode.
 */
import type { Prediction } from 'replicate';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FLUX_THOTH, INVERSIONS, startEmulator } from './index';
import { download, useEmulator } from './harness';
import Replicate from 'replicate';

const h = useEmulator();

function run(input: Record<string, unknown>, version = FLUX_THOTH.version, client = h.replicate): Promise<Prediction> {
  return client.predictions.create({ version, input, wait: true });
}

async function bytesOf(prediction: Prediction): Promise<Buffer[]> {
  return Promise.all((prediction.output as string[]).map(async (url) => (await download(url)).bytes));
}

describe('output files', () => {
  it.each([
    ['webp', 'image/webp', 'webp'],
    ['jpg', 'image/jpeg', 'jpeg'],
    ['png', 'image/png', 'png'],
  ] as const)('are real %s images of the planned size', async (format, contentType, sharpFormat) => {
    const done = await run({ prompt: 'x', output_format: format, num_outputs: 2, megapixels: '0.25', aspect_ratio: '4:3' });
    const urls = done.output as string[];
    expect(urls.map((u) => u.split('/').pop())).toEqual([`out-0.${format}`, `out-1.${format}`]);
    for (const url of urls) {
      expect(url.startsWith(`${h.emulator.origin}/delivery/`)).toBe(true);
      const file = await download(url);
      expect(file.status).toBe(200);
      expect(file.contentType).toBe(contentType);
      const meta = await sharp(file.bytes).metadata();
      expect(meta.format).toBe(sharpFormat);
      expect([meta.width, meta.height]).toEqual([576, 448]);
    }
  });

  it('honour output_quality down to 0, which the schema allows', async () => {
    for (const output_format of ['webp', 'jpg']) {
      const lowest = await run({ prompt: 'x', output_format, output_quality: 0, megapixels: '0.25' });
      expect(lowest.status).toBe('succeeded');
      const best = await run({ prompt: 'x', output_format, output_quality: 100, megapixels: '0.25', seed: 3 });
      const worst = await run({ prompt: 'x', output_format, output_quality: 0, megapixels: '0.25', seed: 3 });
      const [bestBytes] = await bytesOf(best);
      const [worstBytes] = await bytesOf(worst);
      expect((worstBytes as Buffer).length).toBeLessThan((bestBytes as Buffer).length);
    }
  });

  it('differ between the outputs of one prediction', async () => {
    const [first, second] = await bytesOf(await run({ prompt: 'x', num_outputs: 2, megapixels: '0.25' }));
    expect(first?.equals(second as Buffer)).toBe(false);
  });

  it('make num_outputs files, up to 4', async () => {
    const done = await run({ prompt: 'x', num_outputs: 4, megapixels: '0.25' }, INVERSIONS.version);
    expect(done.output).toHaveLength(4);
    expect(done.logs).toContain('Total safe images: 4 out of 4');
  });

  it('need no token to download, like replicate.delivery', async () => {
    const done = await run({ prompt: 'x', megapixels: '0.25' });
    const response = await fetch((done.output as string[])[0] as string);
    expect(response.status).toBe(200);
  });
});

describe('determinism', () => {
  it('gives equal bytes for equal seed and input, different bytes otherwise', async () => {
    const input = { prompt: 'a lighthouse', seed: 1234, megapixels: '0.25' };
    const [a] = await bytesOf(await run(input));
    const [b] = await bytesOf(await run({ ...input }));
    const [otherSeed] = await bytesOf(await run({ ...input, seed: 1235 }));
    const [otherPrompt] = await bytesOf(await run({ ...input, prompt: 'a lighthouse at night' }));
    expect(a?.equals(b as Buffer)).toBe(true);
    expect(a?.equals(otherSeed as Buffer)).toBe(false);
    expect(a?.equals(otherPrompt as Buffer)).toBe(false);
  });

  it('is not bit-exact in go_fast mode, as on Replicate', async () => {
    const input = { prompt: 'x', seed: 99, megapixels: '0.25', output_format: 'png' };
    const [first] = await bytesOf(await run(input, INVERSIONS.version)); // go_fast defaults to true here
    const [second] = await bytesOf(await run(input, INVERSIONS.version));
    expect(first?.equals(second as Buffer)).toBe(false);
    const [bf16a] = await bytesOf(await run({ ...input, go_fast: false }, INVERSIONS.version));
    const [bf16b] = await bytesOf(await run({ ...input, go_fast: false }, INVERSIONS.version));
    expect(bf16a?.equals(bf16b as Buffer)).toBe(true);
  });

  it('can be made bit-exact in go_fast mode with goFastDeterministic', async () => {
    const emulator = await startEmulator({ goFastDeterministic: true, timing: { queueDelayMs: 0, predictMs: 5 } });
    try {
      const client = new Replicate(emulator.clientOptions());
      const input = { prompt: 'x', seed: 99, megapixels: '0.25' };
      const [first] = await bytesOf(await run(input, INVERSIONS.version, client));
      const [second] = await bytesOf(await run(input, INVERSIONS.version, client));
      expect(first?.equals(second as Buffer)).toBe(true);
    } finally {
      await emulator.close();
    }
  });
});
