// The Cog provider against a tiny fake Cog server (node:http): synchronous predictions answering data
// URIs, a container busy with someone else's prediction (409), FastAPI's 422, and /health-check.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CogProvider } from '../../../src/runtime/providers/cog/cog-provider';
import type { ProviderCall } from '../../../src/runtime/providers/provider';
import { closedPort } from './closed-port';
import { useFakeCog } from './fake-cog';

const fakeCog = useFakeCog();

const call = (input: Record<string, unknown> = { prompt: 'a fox' }): ProviderCall => ({ node: 'sampler', model: 'deeterbleater/flux-thoth', version: 'v', input });

async function bytesOf(provider: CogProvider, url: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of await provider.download(url)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('the Cog provider', () => {
  it('runs a prediction synchronously and decodes its data-URI outputs', async () => {
    const cog = await fakeCog();
    const provider = new CogProvider({ url: cog.url });
    const done = await provider.createPrediction(call());
    expect(done).toMatchObject({ status: 'succeeded', error: null, metrics: { predictTime: 1.5 } });
    expect(done.id).toMatch(/^cog-/);
    expect(cog.bodies).toEqual([{ input: { prompt: 'a fox' } }]);
    const image = await bytesOf(provider, done.output[0]!);
    expect((await sharp(image).metadata()).width).toBe(32);
  });

  it('sends images as data URIs: nothing is uploaded anywhere', async () => {
    const provider = new CogProvider({ url: 'http://127.0.0.1:1' });
    const bytes = new Uint8Array([1, 2, 3]);
    expect(await provider.uploadImage({ sha256: 'a'.repeat(64), mediaType: 'image/png', read: async () => bytes })).toBe('data:image/png;base64,AQID');
  });

  it('waits for a busy container (409) and then runs, one prediction at a time', async () => {
    const cog = await fakeCog();
    cog.busyFor = 2;
    const waits: number[] = [];
    const provider = new CogProvider({ url: cog.url, busyRetryMs: 250, sleep: async (ms) => void waits.push(ms) });
    const [a, b] = await Promise.all([provider.createPrediction(call({ prompt: 'a' })), provider.createPrediction(call({ prompt: 'b' }))]);
    expect([a.status, b.status]).toEqual(['succeeded', 'succeeded']);
    expect(waits).toEqual([250, 250]);
    expect(cog.bodies.map((body) => (body as { input: { prompt: string } }).input.prompt)).toEqual(['a', 'a', 'a', 'b']);
  });

  it("reports the model's failure and FastAPI's validation errors", async () => {
    const cog = await fakeCog();
    const provider = new CogProvider({ url: cog.url });
    cog.answer = () => ({ status: 200, body: { status: 'failed', output: null, error: 'CUDA out of memory', logs: '' } });
    expect(await provider.createPrediction(call())).toMatchObject({ status: 'failed', error: 'CUDA out of memory', output: [] });
    cog.answer = () => ({ status: 422, body: { detail: [{ loc: ['body', 'input', 'num_outputs'], msg: 'ensure this value is less than or equal to 4', type: 'value_error' }] } });
    await expect(provider.createPrediction(call())).rejects.toThrow('the Cog container refused the input: body.input.num_outputs: ensure this value is less than or equal to 4');
  });

  it('reports /health-check, and a container that is not there', async () => {
    const cog = await fakeCog();
    expect(await new CogProvider({ url: cog.url }).health()).toEqual({ status: 'READY', usable: true });
    cog.health = 'SETUP_FAILED';
    expect(await new CogProvider({ url: cog.url }).health()).toMatchObject({ status: 'SETUP_FAILED', usable: false });
    const port = await closedPort();
    await expect(new CogProvider({ url: `http://127.0.0.1:${port}`, sleep: async () => {} }).health()).rejects.toThrow(
      `cannot reach the Cog container at http://127.0.0.1:${port} while checking its health (the connection was refused): is it running?`,
    );
  });
});
