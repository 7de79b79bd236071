/**
 * The emulator's model schemas against the seed pages (the contract), field by field: name, type,
 * default, minimum, maximum and enum options; and the version endpoint through the official client.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCatalog, FLUX_FINE_TUNE, FLUX_THOTH, INVERSIONS, type ModelVersion } from './catalog';
import { useEmulator } from './harness';
import { enumOf, type CogDefault, type CogProperty } from './schemas/cog-types';
import { parseSeedPage, type SeedField } from './seed-pages';

/** ../shared/seeds relative to the repository root. */
const SEEDS_DIR = fileURLToPath(new URL('../../../shared/seeds', import.meta.url));
const seedsPresent = existsSync(SEEDS_DIR);

/** How the seed pages print a default: Python's True/False, numbers without a trailing .0. */
function printedDefault(value: CogDefault | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

function checkField(version: ModelVersion, seed: SeedField): void {
  const schema = version.openapi_schema;
  const property = schema.components.schemas.Input.properties[seed.name] as CogProperty | undefined;
  const where = `${version.owner}/${version.name} input ${seed.name}`;
  expect(property, `${where} is missing`).toBeDefined();
  if (!property) return;
  const choices = enumOf(schema, property);
  if (seed.type === 'None' || seed.type.endsWith('(enum)')) {
    expect(choices, `${where} should be an enum via allOf $ref`).toBeDefined();
    expect(property.type, `${where}: an enum property carries its type in the enum schema`).toBeUndefined();
    if (seed.options) expect(choices?.enum, `${where} options`).toEqual(seed.options);
  } else {
    expect(choices, `${where} should not be an enum`).toBeUndefined();
    expect(property.type, `${where} type`).toBe(seed.type);
  }
  expect(printedDefault(property.default), `${where} default`).toBe(seed.default);
  // The pages print no "Min: 0" (nor "Max: 0"): a missing bound there is absent or zero here.
  if (seed.min !== undefined) expect(property.minimum, `${where} minimum`).toBe(seed.min);
  else expect([undefined, 0], `${where} minimum`).toContain(property.minimum);
  if (seed.max !== undefined) expect(property.maximum, `${where} maximum`).toBe(seed.max);
  else expect(property.maximum, `${where} maximum`).toBeUndefined();
}

describe.skipIf(!seedsPresent)(`schemas match the seed pages${seedsPresent ? '' : ` (skipped: ${SEEDS_DIR} not found)`}`, () => {
  const catalog = buildCatalog();
  const pages = seedsPresent
    ? readdirSync(SEEDS_DIR)
        .filter((f) => f.endsWith('.txt'))
        .map((file) => ({ file, page: parseSeedPage(readFileSync(join(SEEDS_DIR, file), 'utf8')) }))
    : [];

  it('finds both seed models', () => {
    expect(pages.map((p) => p.page.ref).sort()).toEqual([INVERSIONS.ref, FLUX_THOTH.ref].sort());
  });

  for (const { file, page } of pages) {
    describe(`${file} (${page.ref})`, () => {
      const version = catalog.find((v) => `${v.owner}/${v.name}` === page.ref) as ModelVersion;

      it('is hosted at the pinned version the page shows', () => {
        expect(version).toBeDefined();
        expect(version.id.startsWith(page.versionPrefix)).toBe(true);
      });

      it('has exactly the fields of the page, in its order', () => {
        const properties = version.openapi_schema.components.schemas.Input.properties;
        const byOrder = Object.entries(properties).sort(([, a], [, b]) => a['x-order'] - b['x-order']).map(([name]) => name);
        expect(byOrder).toEqual(page.fields.map((f) => f.name));
      });

      for (const field of page.fields) {
        it(`field ${field.name}: type, default, min, max${field.options ? ', options' : ''}`, () => checkField(version, field));
      }

      it('requires only prompt', () => {
        expect(version.openapi_schema.components.schemas.Input.required).toEqual(['prompt']);
      });
    });
  }
});

describe('schema details the seed pages do not show', () => {
  const catalog = buildCatalog();
  const lora = catalog.find((v) => v.id === FLUX_THOTH.version) as ModelVersion;
  const inversions = catalog.find((v) => v.id === INVERSIONS.version) as ModelVersion;
  const enumValues = (version: ModelVersion, name: string) =>
    enumOf(version.openapi_schema, version.openapi_schema.components.schemas.Input.properties[name] as CogProperty)?.enum;

  it('offers "custom" aspect ratio on the LoRA model only', () => {
    expect(enumValues(lora, 'aspect_ratio')).toContain('custom');
    expect(enumValues(inversions, 'aspect_ratio')).not.toContain('custom');
  });

  it('has the LoRA enums replicate.md lists', () => {
    expect(enumValues(lora, 'model')).toEqual(['dev', 'schnell']);
    expect(enumValues(lora, 'megapixels')).toEqual(['1', '0.25']);
    expect(enumValues(lora, 'output_format')).toEqual(['webp', 'jpg', 'png']);
  });

  it('gives the third fine-tune exactly the LoRA model schema', () => {
    const fineTune = catalog.find((v) => v.id === FLUX_FINE_TUNE.version) as ModelVersion;
    expect(fineTune.openapi_schema).toEqual(lora.openapi_schema);
    expect(FLUX_FINE_TUNE.version).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('GET /models/{owner}/{name}/versions/{id}', () => {
  const h = useEmulator();

  it('answers {id, created_at, cog_version, openapi_schema} through the official client', async () => {
    const [owner, name] = INVERSIONS.ref.split('/') as [string, string];
    const version = await h.replicate.models.versions.get(owner, name, INVERSIONS.version);
    expect(Object.keys(version).sort()).toEqual(['cog_version', 'created_at', 'id', 'openapi_schema']);
    expect(version.id).toBe(INVERSIONS.version);
    const schema = version.openapi_schema as { components: { schemas: Record<string, any> } };
    const mode = schema.components.schemas.Input.properties.img2img_mode;
    expect(mode.allOf).toEqual([{ $ref: '#/components/schemas/img2img_mode' }]);
    expect(schema.components.schemas.img2img_mode.enum).toContain('rf_inversion');
    expect(schema.components.schemas.Input.properties.start_step.type).toBe('integer');
  });

  it('answers 404 for a version of another model', async () => {
    const [owner, name] = FLUX_THOTH.ref.split('/') as [string, string];
    await expect(h.replicate.models.versions.get(owner, name, INVERSIONS.version)).rejects.toThrow(/404/);
  });

  it('lists versions and describes the model', async () => {
    const [owner, name] = FLUX_THOTH.ref.split('/') as [string, string];
    const model = await h.replicate.models.get(owner, name);
    expect(model.latest_version?.id).toBe(FLUX_THOTH.version);
    const versions = await h.replicate.models.versions.list(owner, name);
    expect(versions.results.map((v) => v.id)).toEqual([FLUX_THOTH.version]);
  });
});
