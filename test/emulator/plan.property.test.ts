/**
 * Property tests of the model plans: every input the schema accepts yields either a run of a sane size
 * or one of the model's own documented failures, never an emulator error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCatalog, FLUX_THOTH, INVERSIONS, type ModelVersion } from './catalog';
import { planRun, type InputImage } from './model';
import { FLUX_LORA_ASPECT_RATIOS } from './schemas/flux-lora';
import { IMG2IMG_MODES, INVERSIONS_ASPECT_RATIOS } from './schemas/inversions';
import { validateInput, withDefaults } from './validate';

const catalog = buildCatalog();
const lora = catalog.find((v) => v.id === FLUX_THOTH.version) as ModelVersion;
const inversions = catalog.find((v) => v.id === INVERSIONS.version) as ModelVersion;

const KNOWN_FAILURES = [
  /^After adjusting the num_inference_steps/,
  /^unsupported operand type/,
  /^Failed to parse/,
  /^index \d+ is out of bounds/,
  /^height and width must be > 0$/,
  /^Input and output sizes should be greater than 0/,
];

const fakeImage = fc.record({ width: fc.integer({ min: 1, max: 5000 }), height: fc.integer({ min: 1, max: 5000 }) }).map(
  (size): InputImage => ({ url: 'data:', fileName: 'image.png', bytes: Buffer.alloc(0), sha256: 'x', ...size }),
);

const common = {
  prompt: fc.string(),
  num_outputs: fc.integer({ min: 1, max: 4 }),
  num_inference_steps: fc.integer({ min: 1, max: 50 }),
  prompt_strength: fc.double({ min: 0, max: 1, noNaN: true }),
  seed: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  output_format: fc.constantFrom('webp', 'jpg', 'png'),
  output_quality: fc.integer({ min: 0, max: 100 }),
  disable_safety_checker: fc.boolean(),
  go_fast: fc.boolean(),
  megapixels: fc.constantFrom('1', '0.25'),
};

const loraInput = fc.record(
  {
    ...common,
    aspect_ratio: fc.constantFrom(...FLUX_LORA_ASPECT_RATIOS),
    width: fc.integer({ min: 256, max: 1440 }),
    height: fc.integer({ min: 256, max: 1440 }),
    model: fc.constantFrom('dev', 'schnell'),
    guidance_scale: fc.double({ min: 0, max: 10, noNaN: true }),
    replicate_weights: fc.oneof(fc.string(), fc.constant('fofr/flux-pixar-cars')),
    lora_scale: fc.double({ min: -1, max: 3, noNaN: true }),
    extra_lora: fc.oneof(fc.string(), fc.constant('huggingface.co/a/b')),
    extra_lora_scale: fc.double({ min: -1, max: 3, noNaN: true }),
  },
  { requiredKeys: ['prompt'] },
);

const inversionsInput = fc.record(
  {
    ...common,
    aspect_ratio: fc.constantFrom(...INVERSIONS_ASPECT_RATIOS),
    guidance: fc.double({ min: 0, max: 10, noNaN: true }),
    img2img_mode: fc.constantFrom(...IMG2IMG_MODES),
    eta: fc.double({ min: 0, max: 1, noNaN: true }),
    start_step: fc.integer({ min: 0, max: 28 }),
    end_step: fc.integer({ min: 0, max: 28 }),
  },
  { requiredKeys: ['prompt'] },
);

function checkPlan(version: ModelVersion, input: Record<string, unknown>, image: InputImage | undefined): void {
  expect(validateInput(version.openapi_schema, input)).toEqual([]);
  const plan = planRun(version.behaviour, {
    versionId: version.id,
    input: withDefaults(version.openapi_schema, input),
    files: image ? { image } : {},
    drawSeed: () => 1234,
  });
  if (plan.crash) {
    expect(KNOWN_FAILURES.some((pattern) => pattern.test(plan.crash?.error ?? ''))).toBe(true);
    return;
  }
  expect(plan.width % 16).toBe(0);
  expect(plan.height % 16).toBe(0);
  expect(Math.max(plan.width, plan.height)).toBeLessThanOrEqual(1536);
  expect(Math.min(plan.width, plan.height)).toBeGreaterThanOrEqual(16);
  if (image) expect(Math.max(plan.width, plan.height)).toBeLessThanOrEqual(1440);
  expect(plan.steps).toBeGreaterThanOrEqual(1);
  expect(plan.setupLines.some((line) => /^Using seed: -?\d+$/.test(line))).toBe(true);
}

describe('model plans for any valid input', () => {
  it('LoRA model: a sane run or a documented failure', () => {
    fc.assert(fc.property(loraInput, fc.option(fakeImage, { nil: undefined }), (input, image) => checkPlan(lora, input, image)), {
      numRuns: 300,
    });
  });

  it('inversions model: a sane run or a documented failure', () => {
    fc.assert(
      fc.property(inversionsInput, fc.option(fakeImage, { nil: undefined }), (input, image) => checkPlan(inversions, input, image)),
      { numRuns: 300 },
    );
  });
});

describe('input validation for any JSON object', () => {
  it('never throws, and describes every problem with type, field and description', () => {
    const anyInput = fc.dictionary(
      fc.oneof(fc.constantFrom(...Object.keys(lora.openapi_schema.components.schemas.Input.properties)), fc.string()),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(anyInput, (input) => {
        for (const version of [lora, inversions]) {
          for (const problem of validateInput(version.openapi_schema, input)) {
            expect(typeof problem.type).toBe('string');
            expect(problem.field === 'input' || problem.field.startsWith('input.')).toBe(true);
            expect(problem.description.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
