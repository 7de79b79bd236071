// Reading a model version's schema from Replicate (the emulator, over real HTTP) into the entry a workflow
// stores: a pinned version, the latest one, and the clear errors for what cannot be read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaHashOf } from '../../../src/engine';
import { describeModel } from '../../../src/runtime/models/describe-model';
import { replicateModelReader, type ModelReader } from '../../../src/runtime/models/replicate-model-reader';
import { ProviderError } from '../../../src/runtime/providers/errors';
import { FLUX_FINE_TUNE, INVERSIONS, startEmulator, type Emulator } from '../../emulator/index';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ timing: { queueDelayMs: 2, predictMs: 15 } });
});
afterAll(() => emulator.close());

const reader = (token = emulator.token) => replicateModelReader({ token, baseUrl: emulator.baseUrl, retry: { sleep: async () => {} } });
const now = () => new Date('2025-03-01T12:00:00.000Z');

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('describeModel', () => {
  it('reads a pinned version into its stored form: Input, Output and the enums, hashed', async () => {
    const described = await describeModel(`${FLUX_FINE_TUNE.ref}:${FLUX_FINE_TUNE.version}`, reader(), { now });
    expect(described.ref).toBe(`${FLUX_FINE_TUNE.ref}:${FLUX_FINE_TUNE.version}`);
    expect(Object.keys(described.entry.schema).sort()).toEqual(['Input', 'Output', 'aspect_ratio', 'megapixels', 'model', 'output_format']);
    expect(described.entry.schemaHash).toBe(schemaHashOf(described.entry.schema));
    expect(described.entry.fetchedAt).toBe('2025-03-01T12:00:00.000Z');
    expect(emulator.log.entries().at(-1)).toMatchObject({ method: 'GET', path: `/v1/models/${FLUX_FINE_TUNE.ref}/versions/${FLUX_FINE_TUNE.version}` });
  });

  it('pins the latest version when none is given', async () => {
    const described = await describeModel(INVERSIONS.ref, reader(), { now });
    expect(described).toMatchObject({ ref: `${INVERSIONS.ref}:${INVERSIONS.version}`, model: INVERSIONS.ref, version: INVERSIONS.version });
    expect(described.entry.schema).toHaveProperty('img2img_mode');
  });

  it('says clearly what cannot be read', async () => {
    expect((await failure(describeModel('nobody/nothing', reader()))).message).toBe('Replicate has no model nobody/nothing (or this token cannot see it)');
    expect((await failure(describeModel(`${INVERSIONS.ref}:${'0'.repeat(64)}`, reader()))).message).toBe(`${INVERSIONS.ref} has no version ${'0'.repeat(64)}`);
    expect((await failure(describeModel('not a model', reader()))).kind).toBe('invalid-input');
    expect((await failure(describeModel(INVERSIONS.ref, reader('r8_wrong')))).kind).toBe('auth');
  });

  it('refuses answers that are not what the API documents', async () => {
    const lying: ModelReader = {
      model: async () => ({ owner: 'o', name: 'n', latest_version: { id: 'v1' } }),
      version: async () => ({ id: 'f'.repeat(64), openapi_schema: { components: { schemas: { Output: {} } } } }),
    };
    expect((await failure(describeModel('o/n', lying))).message).toBe("Replicate's answer for the model o/n is not what its API documents: latest_version.id is not a 64-character version id");
    expect((await failure(describeModel(`o/n:${'f'.repeat(64)}`, lying))).message).toBe('o/n: the version publishes no Input schema, so Weft cannot make a node from it');
    const absent: ModelReader = { ...lying, model: async () => ({ owner: 'o', name: 'n', latest_version: null }) };
    expect((await failure(describeModel('o/n', absent))).message).toBe('o/n has no published version yet');
  });
});
