import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/engine';
import { buildProvenance, embedProvenance, extractProvenance } from '../../../src/runtime/provenance';
import { catalog } from '../../../nodes';
import { workflow } from '../../helpers/build-workflow';

const wf = workflow({ p: ['prompt', { text: 'a <tag> & "quotes" — ünïcode' }], s: ['sampler', { seed: 'random' }] }, ['p.prompt>s.prompt']);
const plan = compile(wf, catalog, { randomSeed: () => 4242 });
const provenance = buildProvenance({ workflow: wf, calls: plan.calls, call: plan.calls[0]!, index: 0, weftVersion: '0.1.0', predictionId: 'abc', now: new Date(0) });

async function image(format: 'png' | 'webp' | 'jpeg', options: { lossless?: boolean; alpha?: boolean } = {}) {
  const base = sharp({ create: { width: 97, height: 61, channels: options.alpha ? 4 : 3, background: { r: 200, g: 30, b: 90, alpha: 0.5 } } });
  if (format === 'png') return base.png().toBuffer();
  if (format === 'webp') return base.webp({ lossless: options.lossless ?? false }).toBuffer();
  return base.jpeg().toBuffer();
}

async function pixels(bytes: Buffer) {
  return sharp(bytes).raw().toBuffer({ resolveWithObject: true });
}

describe('provenance embedded in images', () => {
  it('pins each sampler\'s seed to the one used, and holds no token field', () => {
    expect(provenance.workflow.nodes.find((n) => n.id === 's')!.params.seed).toBe(4242);
    expect(provenance.call).toMatchObject({ node: 's', seed: 4242, predictionId: 'abc' });
    expect(JSON.stringify(provenance)).not.toMatch(/token|r8_/i);
  });

  it.each([
    ['png', {}],
    ['png', { alpha: true }],
    ['webp', {}],
    ['webp', { lossless: true }],
    ['webp', { lossless: true, alpha: true }],
    ['jpeg', {}],
  ] as const)('%s %o: written without re-encoding and read back', async (format, options) => {
    const original = await image(format, options);
    const annotated = embedProvenance(original, provenance);
    expect(annotated.length).toBeGreaterThan(original.length);
    expect(extractProvenance(annotated)).toEqual(provenance);
    expect(extractProvenance(original)).toBeUndefined();
    const [before, after] = await Promise.all([pixels(original), pixels(annotated)]);
    expect(after.info).toMatchObject({ width: 97, height: 61, channels: before.info.channels });
    expect(after.data.equals(before.data)).toBe(true);
    if (format !== 'png') expect((await sharp(annotated).metadata()).xmp?.toString()).toContain('weft:provenance');
  });

  it('replaces earlier provenance instead of stacking it', async () => {
    const once = embedProvenance(await image('webp'), provenance);
    const second = { ...provenance, output: { index: 1 } };
    const twice = embedProvenance(once, second);
    expect(extractProvenance(twice)).toEqual(second);
    expect(twice.length - once.length).toBeLessThan(4);
  });

  it('leaves other bytes alone and reads nothing from them', () => {
    const gif = Buffer.from('GIF89a');
    expect(embedProvenance(gif, provenance)).toEqual(gif);
    expect(extractProvenance(Buffer.from('not an image'))).toBeUndefined();
  });
});
