// Property: whatever graph a user (or a damaged file) hands the compiler, compile never throws, and every
// call it emits passes the model's published schema (validated by the emulator's independent validator,
// built from the seed files) and would not crash the model at run time. Problems show up as diagnostics.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../nodes';
import { compile, FLUX_LORA_MODEL, INVERSIONS_MODEL, type ImageRef, type Workflow } from '../../../src/engine';
import { planRun } from '../../emulator/model';
import { fluxLoraOpenApiSchema } from '../../emulator/schemas/flux-lora';
import { inversionsOpenApiSchema } from '../../emulator/schemas/inversions';
import { validateInput, withDefaults } from '../../emulator/validate';

const TYPES = ['prompt', 'lora', 'image', 'mask', 'inversion', 'sampler', 'output', 'mystery'] as const;
const PORTS = ['prompt', 'lora', 'image', 'mask', 'inversion', 'images', 'nope'] as const;

const anyValue = fc.oneof(
  fc.integer({ min: -5, max: 3000 }),
  fc.double({ min: -2, max: 60, noNaN: true }),
  fc.boolean(),
  fc.constantFrom('random', 'custom', 'dev', 'schnell', '16:9', '1', '0.25', 'png', 'jpg', 'webp', 'rf_inversion', 'img2img', '', 'TOK'),
  fc.constant(null),
);

/** Params drawn mostly from each param's own domain, sometimes outside it, sometimes unknown. */
const paramsFor = (type: string) => {
  const specs = catalog.get(type)?.params ?? {};
  const entries = Object.entries(specs).map(([name, spec]) => {
    let good: fc.Arbitrary<unknown>;
    if (spec.kind === 'number') good = spec.integer ? fc.integer({ min: spec.min, max: spec.max }) : fc.double({ min: spec.min, max: spec.max, noNaN: true });
    else if (spec.kind === 'choice') good = fc.constantFrom(...spec.options);
    else if (spec.kind === 'boolean') good = fc.boolean();
    else if (spec.kind === 'seed') good = fc.oneof(fc.constant('random'), fc.integer({ min: 0, max: 2 ** 32 - 1 }));
    else if (name === 'source') good = fc.constantFrom('fofr/flux-pixar-cars', 'huggingface.co/a/b', 'civitai.com/models/123', 'https://x.io/w.safetensors', 'not a source');
    else if (name === 'path') good = fc.constantFrom('/img/a.png', '/img/b.png', 'rel.png', '/missing.png');
    else if (name === 'url') good = fc.constantFrom('https://example.com/a.png', 'http://example.com/a.png');
    else if (name === 'asset') good = fc.constantFrom('a'.repeat(64), 'f'.repeat(64));
    else if (name === 'fine_tune') good = fc.constantFrom(`o/n:${'1'.repeat(64)}`, 'o/n');
    else good = fc.string({ maxLength: 20 });
    return [name, fc.option(fc.oneof({ weight: 150, arbitrary: good }, { weight: 1, arbitrary: anyValue }), { nil: undefined, freq: 2 })] as const;
  });
  const record = fc.record(Object.fromEntries(entries) as Record<string, fc.Arbitrary<unknown>>);
  if (type === 'lora') return fc.tuple(record, fc.constantFrom('fofr/flux-pixar-cars', 'huggingface.co/a/b', 'civitai.com/models/1')).map(([r, source]) => ({ ...r, source: r.source ?? source }));
  if (type !== 'image' && type !== 'mask') return record;
  // Image sources: usually exactly one, as the editor writes them; sometimes none, two or a bad one.
  const one = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom<Record<string, unknown>>({ path: '/img/a.png' }, { path: '/img/b.png' }, { asset: 'a'.repeat(64) }) },
    { weight: 1, arbitrary: fc.constantFrom<Record<string, unknown>>({}, { path: '/missing.png' }, { path: '/img/a.png', asset: 'a'.repeat(64) }, { url: 'http://x/a.png' }) },
  );
  return fc.tuple(record, one).map(([r, source]) => {
    const { path: _p, url: _u, asset: _a, ...rest } = r as Record<string, unknown>;
    return { ...rest, ...source };
  });
};

/** One sampler with what may feed it: a prompt, a LoRA chain, an image (a file or an earlier sampler), a mask, an inversion. */
const samplerPartArb = fc.record({
  prompt: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  loras: fc.integer({ min: 0, max: 3 }),
  image: fc.constantFrom('none', 'file', 'upstream'),
  mask: fc.boolean(),
  inversion: fc.oneof({ weight: 2, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

const graphArb = fc
  .record({
    parts: fc.array(samplerPartArb, { minLength: 1, maxLength: 3 }),
    noise: fc.oneof(
      { weight: 9, arbitrary: fc.constant([]) },
      { weight: 1, arbitrary: fc.array(fc.record({ from: fc.nat(40), fromPort: fc.constantFrom(...PORTS), to: fc.nat(40), toPort: fc.constantFrom(...PORTS) }), { maxLength: 2 }) },
    ),
    extraTypes: fc.array(fc.constantFrom(...TYPES), { maxLength: 2 }),
  })
  .chain(({ parts, noise, extraTypes }) => {
    const types: string[] = [];
    const wires: [number, string, number, string][] = [];
    const add = (type: string) => types.push(type) - 1;
    const samplers: number[] = [];
    for (const part of parts) {
      const sampler = add('sampler');
      if (part.prompt) wires.push([add('prompt'), 'prompt', sampler, 'prompt']);
      let below = -1;
      for (let i = 0; i < part.loras; i++) {
        const lora = add('lora');
        if (below >= 0) wires.push([below, 'lora', lora, 'lora']);
        below = lora;
      }
      if (below >= 0) wires.push([below, 'lora', sampler, 'lora']);
      const imageSource = part.image === 'upstream' && samplers.length ? samplers[samplers.length - 1]! : part.image !== 'none' ? add('image') : -1;
      if (part.inversion) {
        const inversion = add('inversion');
        if (imageSource >= 0) wires.push([imageSource, 'image', inversion, 'image']);
        wires.push([inversion, 'inversion', sampler, 'inversion']);
      } else if (imageSource >= 0) wires.push([imageSource, 'image', sampler, 'image']);
      if (part.mask) wires.push([add('mask'), 'mask', sampler, 'mask']);
      samplers.push(sampler);
    }
    const output = add('output');
    for (const sampler of samplers) wires.push([sampler, 'images', output, 'images']);
    for (const type of extraTypes) add(type);
    for (const n of noise) wires.push([n.from % types.length, n.fromPort, n.to % types.length, n.toPort]);
    return fc.record({ types: fc.constant(types), wires: fc.constant(wires), params: fc.tuple(...types.map((t) => paramsFor(t))) });
  })
  .map(({ types, wires, params }): Workflow => ({
    format: 'weft-workflow',
    version: 1,
    nodes: types.map((type, i) => ({ id: `n${i}`, type, position: { x: 0, y: 0 }, params: stripUndefined(params[i] as Record<string, unknown>) })),
    edges: wires.map(([from, fromPort, to, toPort], i) => ({ id: `e${i}`, from: { node: `n${from}`, port: fromPort }, to: { node: `n${to}`, port: toPort } })),
    assets: { ['a'.repeat(64)]: { type: 'image/png', data: '' } },
  }));

function stripUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

const IMAGES: Record<string, { sha256: string; width: number; height: number }> = {
  '/img/a.png': { sha256: 'c'.repeat(64), width: 1920, height: 1080 },
  '/img/b.png': { sha256: 'd'.repeat(64), width: 300, height: 2000 },
};
const SIZE_OF_BLOB: Record<string, { width: number; height: number }> = {
  ['a'.repeat(64)]: { width: 640, height: 640 },
  ['c'.repeat(64)]: IMAGES['/img/a.png']!,
  ['d'.repeat(64)]: IMAGES['/img/b.png']!,
};

/** Replaces each `{ $image }` by a URL, as the runtime does before sending. */
function asSent(input: Record<string, unknown>): { input: Record<string, unknown>; images: Record<string, string> } {
  const images: Record<string, string> = {};
  const sent = Object.fromEntries(
    Object.entries(input).map(([k, v]) => {
      if (v && typeof v === 'object' && '$image' in v) {
        const ref = (v as { $image: ImageRef }).$image;
        const sha = 'blob' in ref ? ref.blob : 'e'.repeat(64);
        images[k] = sha;
        return [k, `https://replicate.delivery/test/${sha}.png`];
      }
      return [k, v];
    }),
  );
  return { input: sent, images };
}

describe('compile on any graph', () => {
  it('never throws, and every call passes the schema and would run', () => {
    let calls = 0;
    const modes = new Set<string>();
    fc.assert(
      fc.property(graphArb, fc.integer({ min: 1, max: 2 ** 32 - 1 }), (wf, seed) => {
        const plan = compile(wf, catalog, {
          randomSeed: () => seed,
          image: (source) => (source.kind === 'file' ? IMAGES[source.path] ?? { error: 'file not found' } : undefined),
          invertedMask: (sha) => ({ sha256: sha, width: 640, height: 640 }),
        });
        calls += plan.calls.length;
        for (const node of Object.values(plan.nodes)) if (node.mode) modes.add(node.mode);
        for (const call of plan.calls) {
          const errorsOnNode = plan.diagnostics.filter((d) => d.node === call.node && d.severity === 'error');
          expect(errorsOnNode).toEqual([]);
          const schema = call.model === INVERSIONS_MODEL.model ? inversionsOpenApiSchema() : fluxLoraOpenApiSchema();
          expect([FLUX_LORA_MODEL.version, INVERSIONS_MODEL.version, '1'.repeat(64)]).toContain(call.version);
          const { input, images } = asSent(call.input);
          expect(JSON.stringify(input)).not.toContain('null');
          expect(validateInput(schema, input)).toEqual([]);
          const file = (key: string) => {
            const sha = images[key];
            if (!sha) return undefined;
            const size = SIZE_OF_BLOB[sha] ?? { width: 1024, height: 768 };
            return { url: '', fileName: `${key}.png`, bytes: Buffer.alloc(0), sha256: sha, ...size };
          };
          const image = file('image');
          const mask = file('mask');
          const run = planRun(call.model === INVERSIONS_MODEL.model ? 'inversions' : 'flux-lora', {
            versionId: call.version,
            input: withDefaults(schema, input),
            files: { ...(image ? { image } : {}), ...(mask ? { mask } : {}) },
            drawSeed: () => 1,
          });
          expect(run.crash).toBeUndefined();
        }
        // A sampler with an error never gets a call.
        const failed = new Set(plan.diagnostics.filter((d) => d.severity === 'error').map((d) => d.node));
        for (const call of plan.calls) expect(failed.has(call.node)).toBe(false);
      }),
      // Enough graphs that every mode turns up in practically every run (at 500, one run in ten missed one).
      { numRuns: 2000 },
    );
    // The property is only worth something if the generator reaches real calls of every kind.
    // 2000 graphs give about 250 calls; far fewer would mean the generator has stopped making them.
    expect(calls).toBeGreaterThan(100);
    expect([...modes].sort()).toEqual(['img2img', 'inpainting', 'inversion', 'text-to-image']);
  });
});
