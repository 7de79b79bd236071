// Property: whatever params a model node holds (drawn from each param's own domain, sometimes outside it)
// and whatever is wired into its image and text ports, compile never throws, and every call it emits passes
// the version's published schema, checked by the emulator's independent validator. Bad values are
// diagnostics. A prompt wired into a text port is sent as if typed into the param: same input, same key.
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
          // The required prompt is mostly set; left unset, a wired prompt must stand in for it.
          const value = name === 'prompt' ? fc.option(good, { nil: undefined, freq: 10 }) : fc.option(fc.oneof({ weight: 30, arbitrary: good }, { weight: 1, arbitrary: outsider }), { nil: undefined, freq: 3 });
          return [name, value];
        }),
      ) as Record<string, fc.Arbitrary<unknown>>,
    );
    const textPorts = inputs.filter((port) => port.type === 'text');
    if (textPorts.length === 0) throw new Error(`${label} has no text port to wire a prompt into`);
    // Image ports take nothing, an image node's file or an upstream model's output; text ports nothing or a prompt node's text.
    const wiringArb = fc.record(
      Object.fromEntries(
        inputs.map((port) => [port.name, port.type === 'text' ? fc.option(fc.string({ maxLength: 12 }), { nil: 'none', freq: 3 }) : fc.constantFrom('none', 'file', 'upstream')]),
      ) as Record<string, fc.Arbitrary<string>>,
    );
    const isText = (port: string) => textPorts.some((p) => p.name === port);

    /** The workflow: `m` with its params and wires, beside an image node, an upstream model node and one prompt node per wired text port. */
    function build(params: Record<string, unknown>, wiring: Record<string, string>) {
      const nodes: Record<string, [string, Record<string, unknown>]> = {
        first: ['model', { prompt: 'a fox', seed: 1 }],
        photo: ['image', { asset: 'a'.repeat(64) }],
      };
      const edges: string[] = [];
      for (const [port, source] of Object.entries(wiring)) {
        if (isText(port)) {
          if (source === 'none') continue;
          nodes[`text_${port}`] = ['prompt', { text: source }];
          edges.push(`text_${port}.prompt>m.${port}`);
        } else if (source === 'file') edges.push(`photo.image>m.${port}`);
        else if (source === 'upstream') edges.push(`first.image>m.${port}`);
      }
      nodes.m = ['model', params];
      // The stored entry is reused, as the editor's compile on every edit reuses it (built once per entry).
      const wf = { ...workflow(nodes, edges), models: sample.models };
      for (const node of wf.nodes) if (node.type === 'model') node.model = sample.nodes[0]!.model;
      wf.assets = { ['a'.repeat(64)]: { type: 'image/png', data: '' } };
      return wf;
    }

    it('emits only inputs the validator accepts, each wired text exactly as if typed into its param', () => {
      let calls = 0;
      let wiredCalls = 0;
      fc.assert(
        fc.property(paramsArb, wiringArb, (raw, wiring) => {
          const chosen = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
          const plan = compile(build(chosen, wiring), catalog, testEnv());
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
          expect(refs).toHaveLength(Object.entries(wiring).filter(([port, w]) => !isText(port) && w !== 'none').length);

          // The same node with each wired text typed into its param instead, and those wires gone.
          const wiredTexts = Object.entries(wiring).filter(([port, w]) => isText(port) && w !== 'none');
          if (wiredTexts.length === 0) return;
          wiredCalls++;
          expect(plan.nodes.m?.ignoredParams).toEqual(wiredTexts.map(([port]) => port));
          const typed = compile(
            build({ ...chosen, ...Object.fromEntries(wiredTexts) }, Object.fromEntries(Object.entries(wiring).map(([port, w]) => [port, isText(port) ? 'none' : w]))),
            catalog,
            testEnv(),
          );
          const twin = typed.calls.find((c) => c.node === 'm');
          expect(twin?.input).toEqual(call.input);
          expect(twin?.key).toBe(call.key);
          expect(twin?.seed).toBe(call.seed);
        }),
        { numRuns: 200 },
      );
      // Most draws are valid: the property is about real calls, not about refusals.
      expect(calls).toBeGreaterThan(100);
      expect(wiredCalls).toBeGreaterThan(50);
    });
  });
}
