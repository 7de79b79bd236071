/**
 * Requests the API refuses before any prediction exists: bad input (422 with invalid_fields), a bad
 * body, an unknown version, a missing token, and model-name creates for community models.
 */
import Replicate from 'replicate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEPLOYMENT, FLUX_THOTH, INVERSIONS } from './index';
import { api, useEmulator } from './harness';

const h = useEmulator();

async function create(input: unknown, version = FLUX_THOTH.version) {
  return api(h.emulator, 'POST', '/predictions', { body: { version, input } });
}

describe('input validation (422 "Input validation failed")', () => {
  it('rejects null, naming the field and the types', async () => {
    const answer = await create({ prompt: 'x', seed: null });
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({
      title: 'Input validation failed',
      detail: '- input.seed: Invalid type. Expected: integer, given: null',
      status: 422,
      invalid_fields: [{ type: 'invalid_type', field: 'input.seed', description: 'Invalid type. Expected: integer, given: null' }],
    });
  });

  it('requires integers to be JSON integers, and numbers, strings, booleans their own types', async () => {
    const answer = await create({
      prompt: 'x',
      num_outputs: 1.5,
      guidance_scale: '3',
      output_quality: true,
      go_fast: 'yes',
      replicate_weights: 5,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.invalid_fields).toEqual([
      { type: 'invalid_type', field: 'input.num_outputs', description: 'Invalid type. Expected: integer, given: number' },
      { type: 'invalid_type', field: 'input.guidance_scale', description: 'Invalid type. Expected: number, given: string' },
      { type: 'invalid_type', field: 'input.output_quality', description: 'Invalid type. Expected: integer, given: boolean' },
      { type: 'invalid_type', field: 'input.go_fast', description: 'Invalid type. Expected: boolean, given: string' },
      { type: 'invalid_type', field: 'input.replicate_weights', description: 'Invalid type. Expected: string, given: integer' },
    ]);
    expect(answer.body.detail.split('\n')).toHaveLength(5);
  });

  it('accepts an integer where a number is expected', async () => {
    expect((await create({ prompt: 'x', guidance_scale: 3, prompt_strength: 1, megapixels: '0.25' })).status).toBe(201);
  });

  it('rejects values out of range, with the bound', async () => {
    const answer = await create({ prompt: 'x', num_outputs: 5, width: 255, lora_scale: -1.5, guidance_scale: 10.5 });
    expect(answer.body.invalid_fields).toEqual([
      { type: 'number_lte', field: 'input.num_outputs', description: 'Must be less than or equal to 4' },
      { type: 'number_gte', field: 'input.width', description: 'Must be greater than or equal to 256' },
      { type: 'number_gte', field: 'input.lora_scale', description: 'Must be greater than or equal to -1' },
      { type: 'number_lte', field: 'input.guidance_scale', description: 'Must be less than or equal to 10' },
    ]);
    expect(answer.body.detail).toBe(
      [
        '- input.num_outputs: Must be less than or equal to 4',
        '- input.width: Must be greater than or equal to 256',
        '- input.lora_scale: Must be greater than or equal to -1',
        '- input.guidance_scale: Must be less than or equal to 10',
      ].join('\n'),
    );
  });

  it('accepts the bounds themselves, including the LoRA model zero minimums', async () => {
    const ok = await create({ prompt: 'x', prompt_strength: 0, guidance_scale: 0, output_quality: 0, lora_scale: 3, width: 1440, megapixels: '0.25' });
    expect(ok.status).toBe(201);
  });

  it('rejects values not in the enum, megapixels as a number, and "custom" on the inversions model', async () => {
    const lora = await create({ prompt: 'x', aspect_ratio: '7:5', megapixels: 1, model: 'pro' });
    expect(lora.body.invalid_fields).toEqual([
      {
        type: 'enum',
        field: 'input.aspect_ratio',
        description:
          'input.aspect_ratio must be one of the following: "1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21", "custom"',
      },
      { type: 'invalid_type', field: 'input.megapixels', description: 'Invalid type. Expected: string, given: integer' },
      { type: 'enum', field: 'input.model', description: 'input.model must be one of the following: "dev", "schnell"' },
    ]);
    const inversions = await create({ prompt: 'x', aspect_ratio: 'custom', img2img_mode: 'magic' }, INVERSIONS.version);
    expect(inversions.body.invalid_fields.map((f: { field: string }) => f.field)).toEqual(['input.aspect_ratio', 'input.img2img_mode']);
  });

  it('rejects unknown keys, including the other model\'s keys', async () => {
    const answer = await create({ prompt: 'x', guidance: 3, negative_prompt: 'y' });
    expect(answer.body.invalid_fields).toEqual([
      { type: 'additional_property_not_allowed', field: 'input', description: 'Additional property guidance is not allowed' },
      { type: 'additional_property_not_allowed', field: 'input', description: 'Additional property negative_prompt is not allowed' },
    ]);
    expect(answer.body.detail).toContain('- input: Additional property guidance is not allowed');
  });

  it('treats "__proto__" and "constructor" as the unknown keys they are', async () => {
    const answer = await api(h.emulator, 'POST', '/predictions', {
      body: `{"version":"${FLUX_THOTH.version}","input":{"prompt":"x","__proto__":{"a":1},"constructor":1}}`,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.invalid_fields.map((f: { description: string }) => f.description)).toEqual([
      'Additional property __proto__ is not allowed',
      'Additional property constructor is not allowed',
    ]);
  });

  it('requires prompt', async () => {
    const answer = await create({ num_outputs: 1 });
    expect(answer.body.invalid_fields).toEqual([{ type: 'required', field: 'input', description: 'prompt is required' }]);
    expect(answer.body.detail).toBe('- input: prompt is required');
  });

  it('rejects an image that is not a URI', async () => {
    const answer = await create({ prompt: 'x', image: 'photo.png' });
    expect(answer.body.invalid_fields).toEqual([{ type: 'format', field: 'input.image', description: "Does not match format 'uri'" }]);
  });

  it('makes the official client throw with the 422 body', async () => {
    const attempt = h.replicate.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'x', num_outputs: 9 } });
    await expect(attempt).rejects.toThrow(/status 422 .*Must be less than or equal to 4/);
  });

  it('creates no prediction for an invalid request', async () => {
    await create({ prompt: 'x', seed: 'one' });
    expect(h.emulator.log.predictionsCreated()).toEqual([]);
  });
});

describe('the request body', () => {
  it('rejects any top-level key besides version, input, webhook, webhook_events_filter', async () => {
    const answer = await api(h.emulator, 'POST', '/predictions', {
      body: { version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' }, stream: true },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.invalid_fields).toEqual([
      { type: 'additional_property_not_allowed', field: '', description: 'Additional property stream is not allowed' },
    ]);
  });

  it('requires input and version', async () => {
    const answer = await api(h.emulator, 'POST', '/predictions', { body: { inptu: {} } });
    expect(answer.body.invalid_fields).toEqual(
      expect.arrayContaining([
        { type: 'required', field: '', description: 'input is required' },
        { type: 'required', field: '', description: 'version is required' },
        { type: 'additional_property_not_allowed', field: '', description: 'Additional property inptu is not allowed' },
      ]),
    );
  });

  it('accepts a webhook and an events filter, and echoes them', async () => {
    const answer = await api(h.emulator, 'POST', '/predictions', {
      body: { version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' }, webhook: 'https://example.com/hook', webhook_events_filter: ['completed'] },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.webhook).toBe('https://example.com/hook');
    expect(answer.body.webhook_events_filter).toEqual(['completed']);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const answer = await api(h.emulator, 'POST', '/predictions', { body: '{"version":' });
    expect(answer.status).toBe(400);
    expect(answer.body.title).toBe('Invalid JSON');
  });
});

describe('versions', () => {
  it('answers 422 "Invalid version or not permitted" to an unknown version', async () => {
    const answer = await create({ prompt: 'x' }, 'f'.repeat(64));
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({
      title: 'Invalid version or not permitted',
      detail: "The specified version does not exist (or perhaps you don't have permission to use it?)",
      status: 422,
    });
  });

  it('accepts owner/name:version but not a bare owner/name of a community model', async () => {
    expect((await create({ prompt: 'x', megapixels: '0.25' }, `${FLUX_THOTH.ref}:${FLUX_THOTH.version}`)).status).toBe(201);
    expect((await create({ prompt: 'x' }, FLUX_THOTH.ref)).body.title).toBe('Invalid version or not permitted');
    expect((await create({ prompt: 'x' }, `${INVERSIONS.ref}:${FLUX_THOTH.version}`)).status).toBe(422);
  });

  it('refuses POST /models/{owner}/{name}/predictions for a community model (404, as Replicate does)', async () => {
    const attempt = h.replicate.predictions.create({ model: FLUX_THOTH.ref, input: { prompt: 'x', megapixels: '0.25' } });
    await expect(attempt).rejects.toThrow(/status 404/);
    const answer = await api(h.emulator, 'POST', `/models/${FLUX_THOTH.ref}/predictions`, { body: { input: { prompt: 'x', megapixels: '0.25' } } });
    expect(answer.body).toEqual({ title: 'Not found', detail: 'The requested resource could not be found.', status: 404 });
  });
});

describe('deployments', () => {
  it('runs a configured deployment on its version, validating input the same way', async () => {
    const [owner, name] = DEFAULT_DEPLOYMENT.split('/') as [string, string];
    const prediction = await h.replicate.deployments.predictions.create(owner, name, { input: { prompt: 'x', megapixels: '0.25' }, wait: true });
    expect(prediction.status).toBe('succeeded');
    expect(prediction.version).toBe(FLUX_THOTH.version);
    expect(prediction.deployment).toBe(DEFAULT_DEPLOYMENT);
    const invalid = h.replicate.deployments.predictions.create(owner, name, { input: { prompt: 'x', guidance: 2 } });
    await expect(invalid).rejects.toThrow(/422/);
  });

  it('answers 404 for an unknown deployment, and 422 to a version in the body', async () => {
    expect((await api(h.emulator, 'POST', '/deployments/nobody/nothing/predictions', { body: { input: { prompt: 'x', megapixels: '0.25' } } })).status).toBe(404);
    const withVersion = await api(h.emulator, 'POST', `/deployments/${DEFAULT_DEPLOYMENT}/predictions`, {
      body: { version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' } },
    });
    expect(withVersion.status).toBe(422);
  });
});

describe('authentication (401 "Unauthenticated")', () => {
  const unauthenticated = { title: 'Unauthenticated', detail: 'You did not pass a valid authentication token', status: 401 };

  it('refuses a missing token and a wrong one, on every API route', async () => {
    expect((await api(h.emulator, 'GET', '/predictions', { token: null })).body).toEqual(unauthenticated);
    expect((await api(h.emulator, 'POST', '/predictions', { token: 'r8_wrong', body: {} })).status).toBe(401);
    expect((await api(h.emulator, 'GET', `/models/${FLUX_THOTH.ref}/versions/${FLUX_THOTH.version}`, { token: null })).status).toBe(401);
    expect((await api(h.emulator, 'GET', '/nothing/here', { token: null })).status).toBe(401);
  });

  it('makes the official client throw', async () => {
    const client = new Replicate({ auth: 'r8_wrong', baseUrl: h.emulator.baseUrl, useFileOutput: false });
    await expect(client.predictions.get('abc')).rejects.toThrow(/status 401/);
  });

  it('accepts "Token <t>" as well as "Bearer <t>"', async () => {
    const answer = await api(h.emulator, 'GET', '/account', { token: null, headers: { Authorization: `Token ${h.emulator.token}` } });
    expect(answer.status).toBe(200);
  });
});
