// Property: whatever params a model node holds (drawn from each param's own domain, sometimes outside it)
// and whatever is wired into its image ports, compile never throws, and every call it emits passes the
// version's published schema, checked by the emulator's independent validator. Bad values are diagnostics.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../nodes';
import { compile, hasErrors, modelNodeFor, type ImageRef } from '../../../src/engine';
import { buildCatalog } from '../../emulator/catalog';
import { validateInput } from '../../emulator/validate';
import { testEnv, workflow } from '../../helpers/build-workflow';
import { EMULATOR_MODELS, withModels } from './fixtures';

const URL_OF_IMAGE = 'https://replicate.delivery/input.png';

/** What the runtime does before sending: every `{ $image }` becomes a URL. */
function sendable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sendable);
  if (value === null || typeof value !== 'object') return value;
  if ('$image' in value) return URL_OF_IMAGE;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sendable(v)]));
}

const outsider = fc.oneof(fc.constant(null), fc.constant(-3), fc.constant(1.5), fc.constant('nope'), fc.constant(true), fc.constant(99999));

for (const [label, model] of Object.entries(EMULATOR_MODELS)) {
  describe(`${label} as a generic model node`, () => {
    const schema = buildCatalog().find((v) => v.id === model.version)!.openapi_schema;
    const sample = withModels({ m: ['model', {}] }, [], { m: model });
    const built = modelNodeFor(sample.nodes[0]!.model, sample.models);
    if ('problem' in built) throw new Error(built.problem.message);
    const { params, inputs } = built.definition;

    const paramsArb = fc.record(
      Object.fromEntries(
        Object.entries(params).map(([name, spec]) => {
          let good: fc.Arbitrary<unknown>;
          if (spec.kind === 'number') good = spec.integer ? fc.integer({ min: spec.min, max: spec.max }) : fc.double({ min: spec.min, max: spec.max, noNaN: true });
          else if (spec.kind === 'choice') good = fc.constantFrom(...spec.options);
          else if (spec.kind === 'boolean') good = fc.boolean();
          else if (spec.kind === 'seed') good = fc.oneof(fc.constant('random'), fc.integer({ min: 0, max: 2 ** 32 - 1 }));
          else good = fc.string({ maxLength: 12 });
          const value = name === 'prompt' ? good : fc.option(fc.oneof({ weight: 30, arbitrary: good }, { weight: 1, arbitrary: outsider }), { nil: undefined, freq: 3 });
          return [name, value];
        }),
      ) as Record<string, fc.Arbitrary<unknown>>,
    );
    const wiringArb = fc.record(Object.fromEntries(inputs.map((port) => [port.name, fc.constantFrom('none', 'file', 'upstream')])) as Record<string, fc.Arbitrary<string>>);

    it('emits only inputs the validator accepts', () => {
      let calls = 0;
      fc.assert(
        fc.property(paramsArb, wiringArb, (raw, wiring) => {
          const chosen = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
          const nodes: Record<string, [string, Record<string, unknown>]> = {
            first: ['model', { prompt: 'a fox', seed: 1 }],
            photo: ['image', { asset: 'a'.repeat(64) }],
            m: ['model', chosen],
          };
          const edges = Object.entries(wiring).flatMap(([port, source]) => (source === 'file' ? [`photo.image>m.${port}`] : source === 'upstream' ? [`first.image>m.${port}`] : []));
          // The stored entry is reused, as the editor's compile on every edit reuses it (built once per entry).
          const wf = { ...workflow(nodes, edges), models: sample.models };
          for (const node of wf.nodes) if (node.type === 'model') node.model = sample.nodes[0]!.model;
          wf.assets = { ['a'.repeat(64)]: { type: 'image/png', data: '' } };
          const plan = compile(wf, catalog, testEnv());
          const call = plan.calls.find((c) => c.node === 'm');
          const errors = plan.diagnostics.filter((d) => d.node === 'm' && d.severity === 'error');
          if (!call) {
            expect(errors.length).toBeGreaterThan(0);
            return;
          }
          calls++;
          expect(hasErrors(plan.diagnostics)).toBe(false);
          expect(validateInput(schema, sendable(call.input) as Record<string, unknown>)).toEqual([]);
          expect(call.seed).toBeGreaterThanOrEqual(0);
          if (call.randomSeed) expect(call.seed).toBeGreaterThan(0);
          const refs = Object.values(call.input).filter((v): v is { $image: ImageRef } => typeof v === 'object' && v !== null && '$image' in v);
          expect(refs).toHaveLength(Object.values(wiring).filter((w) => w !== 'none').length);
        }),
        { numRuns: 200 },
      );
      // Most draws are valid: the property is about real calls, not about refusals.
      expect(calls).toBeGreaterThan(100);
    });
  });
}
