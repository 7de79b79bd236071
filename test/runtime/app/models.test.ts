// models.describe through the real API handler (its request and answer checked against the contract),
// reading from the emulator with the token the user set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaHashOf } from '../../../src/engine';
import { FLUX_FINE_TUNE, INVERSIONS, startEmulator, type Emulator } from '../../emulator/index';
import { CallFailed, useServices } from './service-harness';

describe('models.describe', () => {
  const services = useServices();
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ timing: { queueDelayMs: 2, predictMs: 15 } });
  });
  afterAll(() => emulator.close());

  const service = (token: string | null = emulator.token) => services({ env: { REPLICATE_BASE_URL: emulator.baseUrl }, ...(token ? { token } : {}) });

  it('answers the entry to store and the node it makes: ports, params, problems', async () => {
    const answer = await service().call('models.describe', { ref: FLUX_FINE_TUNE.ref });
    expect(answer.ref).toBe(`${FLUX_FINE_TUNE.ref}:${FLUX_FINE_TUNE.version}`);
    expect(answer.entry.schemaHash).toBe(schemaHashOf(answer.entry.schema));
    expect(answer.definition).toMatchObject({ type: 'model', title: FLUX_FINE_TUNE.ref, problems: [] });
    expect(answer.definition.inputs.map((p) => `${p.name}:${p.type}`)).toEqual(['prompt:text', 'image:image', 'mask:mask', 'replicate_weights:text', 'extra_lora:text']);
    expect(answer.definition.outputs.map((p) => p.name)).toEqual(['images', 'image']);
    expect(answer.definition.params.find((p) => p.name === 'num_inference_steps')).toEqual({
      name: 'num_inference_steps',
      kind: 'number',
      label: 'Num Inference Steps',
      description: 'Number of denoising steps. More steps can give more detailed images, but take longer.',
      optional: true,
      default: 28,
      min: 1,
      max: 50,
      step: 1,
      integer: true,
    });
  });

  it('fails with a code the editor can act on', async () => {
    const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as CallFailed);
    expect(await failure(service(null).call('models.describe', { ref: INVERSIONS.ref }))).toMatchObject({ code: 'token' });
    expect(await failure(service('r8_revoked').call('models.describe', { ref: INVERSIONS.ref }))).toMatchObject({ code: 'token' });
    expect(await failure(service().call('models.describe', { ref: 'nobody/nothing' }))).toMatchObject({ code: 'not-found', message: 'not-found: Replicate has no model nobody/nothing (or this token cannot see it)' });
    expect(await failure(service().call('models.describe', { ref: 'no slash' }))).toMatchObject({ code: 'bad-request' });
  });
});
