// The Replicate provider against the emulator, through the official client and real HTTP: a prediction
// from create to its end, what each API problem looks like to a user, lost answers that must not cost a
// second prediction, cancel, deployments, uploads and downloads.
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/runtime/providers/errors';
import type { PredictionUpdate, ProviderCall } from '../../../src/runtime/providers/provider';
import { ReplicateProvider, type ReplicateProviderOptions } from '../../../src/runtime/providers/replicate/replicate-provider';
import { DEFAULT_DEPLOYMENT, FLUX_THOTH, startEmulator, type Emulator } from '../../emulator/index';
import { useTempDirs } from '../../helpers/temp-dir';
import { closedPort } from './closed-port';

const tempDir = useTempDirs();
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ timing: { queueDelayMs: 2, predictMs: 20 }, randomSeed: 5 });
});
afterEach(() => {
  emulator.faults.clear();
  emulator.resetLog();
  emulator.setTiming({ queueDelayMs: 2, predictMs: 20 });
});
afterAll(() => emulator.close());

const waits: number[] = [];
afterEach(() => void waits.splice(0));

function provider(options: Partial<ReplicateProviderOptions> = {}): ReplicateProvider {
  return new ReplicateProvider({
    token: emulator.token,
    baseUrl: emulator.baseUrl,
    waitSeconds: 1,
    pollIntervalMs: 5,
    retry: { sleep: async (ms) => void waits.push(ms) },
    ...options,
  });
}

function call(prompt: string, extra: Record<string, unknown> = {}): ProviderCall {
  return { node: 'sampler', model: FLUX_THOTH.ref, version: FLUX_THOTH.version, input: { prompt, megapixels: '0.25', num_inference_steps: 4, ...extra } };
}

async function bytesOf(p: ReplicateProvider, url: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of await p.download(url)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('a prediction', () => {
  it('runs to its end, reporting its id, status and growing logs on the way', async () => {
    emulator.setTiming({ queueDelayMs: 5, predictMs: 200 });
    const updates: PredictionUpdate[] = [];
    const done = await provider({ waitSeconds: 1 }).createPrediction(call('a lighthouse'), { onUpdate: (u) => updates.push(u) });
    expect(done).toMatchObject({ status: 'succeeded', error: null });
    expect(done.output).toHaveLength(1);
    expect(done.metrics.predictTime).toBeGreaterThan(0);
    expect(new Set(updates.map((u) => u.id))).toEqual(new Set([done.id]));
    expect(updates.at(-1)?.logs).toContain('Total safe images');
    expect(emulator.log.predictionsCreated()).toHaveLength(1);
    // Prefer: wait on the create, then our own polling.
    expect(emulator.log.filter('predictions.create')[0]?.headers.prefer).toBe('wait=1');
  });

  it("answers a model failure as a failed prediction with the model's error", async () => {
    emulator.faults.failPredictions({ error: 'CUDA out of memory' });
    const done = await provider().createPrediction(call('a lighthouse'));
    expect(done).toMatchObject({ status: 'failed', error: 'CUDA out of memory', output: [] });
  });

  it('keeps polling while a finished answer still says "processing", until it is final', async () => {
    emulator.faults.processingWaitAnswer({ times: 1 });
    const done = await provider().createPrediction(call('a lighthouse'));
    expect(done.status).toBe('succeeded');
    expect(done.output).toHaveLength(1);
  });

  it('cancels the prediction on Replicate when its signal aborts', async () => {
    emulator.setTiming({ queueDelayMs: 2, predictMs: 5000 });
    const controller = new AbortController();
    const running = provider().createPrediction(call('a slow lighthouse'), {
      signal: controller.signal,
      onUpdate: (u) => {
        if (u.status === 'processing') controller.abort();
      },
    });
    const done = await running;
    expect(done.status).toBe('canceled');
    expect(emulator.prediction(done.id)?.status).toBe('canceled');
    expect(emulator.log.filter('predictions.cancel')).toHaveLength(1);
  });

  it('runs on a deployment when the call names one', async () => {
    const done = await provider().createPrediction({ ...call('a lighthouse'), deployment: DEFAULT_DEPLOYMENT });
    expect(done.status).toBe('succeeded');
    expect(emulator.log.predictionsCreated().map((p) => p.route)).toEqual(['deployments.predictions.create']);
  });
});

describe('what goes wrong, in one line', () => {
  const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as ProviderError);

  it('a refused token', async () => {
    const error = await failure(provider({ token: 'r8_wrong' }).createPrediction(call('x')));
    expect(error).toMatchObject({ kind: 'auth', fatal: true, message: 'the Replicate token was refused: set REPLICATE_API_TOKEN to a valid token' });
  });

  it('an input the model refuses, naming the fields', async () => {
    const error = await failure(provider().createPrediction(call('x', { num_outputs: 9, colour: 'red' })));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error?.kind).toBe('invalid-input');
    expect(error?.message).toMatch(/^Replicate refused the input: .*num_outputs.*colour|^Replicate refused the input: .*colour.*num_outputs/);
    expect(emulator.log.predictionsCreated()).toEqual([]);
  });

  it('an API that cannot be reached', async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}/v1`;
    const error = await failure(provider({ baseUrl, retry: { sleep: async () => {}, maxAttempts: 2 } }).createPrediction(call('x')));
    expect(error).toMatchObject({ kind: 'unreachable', fatal: true });
    expect(error?.message).toBe(`cannot reach the Replicate API at ${baseUrl} (ECONNREFUSED): check the network connection or REPLICATE_BASE_URL`);
  });

  it('a throttle that never lifts', async () => {
    emulator.faults.rateLimit({ retryAfterSeconds: 1 });
    const error = await failure(provider({ retry: { sleep: async () => {}, maxAttempts: 3 } }).createPrediction(call('x')));
    expect(error).toMatchObject({ kind: 'throttled' });
    expect(error?.message).toContain('Replicate kept throttling requests (HTTP 429');
    // Our three tries, not the client's six on top of each.
    expect(emulator.log.withStatus(429)).toHaveLength(3);
  });
});

describe('retries', () => {
  it('honour Retry-After through a 429 storm, and the client adds no tries of its own', async () => {
    emulator.faults.rateLimit({ times: 3, retryAfterSeconds: 1 });
    const done = await provider().createPrediction(call('a lighthouse'));
    expect(done.status).toBe('succeeded');
    expect(waits.slice(0, 3)).toEqual([1000, 1000, 1000]);
    expect(emulator.log.withStatus(429)).toHaveLength(3);
    expect(emulator.log.predictionsCreated()).toHaveLength(1);
  });

  it('see polls through 5xx and cut connections', async () => {
    emulator.setTiming({ queueDelayMs: 2, predictMs: 100 });
    emulator.faults.serverError({ method: 'GET', path: '/v1/predictions/*', times: 2, status: 503 });
    emulator.faults.resetConnection({ method: 'GET', path: '/v1/predictions/*', times: 1 });
    const done = await provider({ waitSeconds: 1 }).createPrediction(call('a lighthouse'));
    expect(done.status).toBe('succeeded');
    expect(emulator.log.predictionsCreated()).toHaveLength(1);
  });

  it('adopt the prediction a create made when its answer was lost (5xx after it was created)', async () => {
    emulator.faults.serverError({ method: 'POST', path: '/v1/predictions', afterHandling: true, times: 1 });
    const done = await provider().createPrediction(call('a lighthouse, lost'));
    expect(done.status).toBe('succeeded');
    expect(emulator.log.predictionsCreated()).toHaveLength(0); // the one create answered 500...
    expect(emulator.predictions().filter((p) => p.input.prompt === 'a lighthouse, lost').map((p) => p.id)).toEqual([done.id]); // ...but made exactly one prediction
    expect(emulator.log.filter('predictions.list').length).toBeGreaterThan(0);
  });

  it('adopt it too when the connection was cut halfway through the answer', async () => {
    emulator.faults.resetConnection({ method: 'POST', path: '/v1/predictions', midBody: true, times: 1 });
    const done = await provider().createPrediction(call('a lighthouse, cut'));
    expect(done.status).toBe('succeeded');
    expect(emulator.predictions().filter((p) => p.input.prompt === 'a lighthouse, cut')).toHaveLength(1);
  });

  it('send the create again only when no prediction was made (5xx before it was created)', async () => {
    emulator.faults.serverError({ method: 'POST', path: '/v1/predictions', times: 1 });
    const done = await provider().createPrediction(call('a lighthouse, again'));
    expect(done.status).toBe('succeeded');
    expect(emulator.log.filter('predictions.create').map((e) => e.status)).toEqual([500, 201]);
    expect(emulator.predictions().filter((p) => p.input.prompt === 'a lighthouse, again')).toHaveLength(1);
  });
});

describe('images in and out', () => {
  const image = async (colour: number) => {
    const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: colour, g: 0, b: 0 } } }).png().toBuffer();
    const { createHash } = await import('node:crypto');
    return { sha256: createHash('sha256').update(bytes).digest('hex'), mediaType: 'image/png', read: async () => bytes, bytes };
  };

  it('uploads each image once, remembered across providers sharing a cache folder', async () => {
    const cacheDir = tempDir();
    const red = await image(200);
    const first = provider({ cacheDir });
    const [a, b] = await Promise.all([first.uploadImage(red), first.uploadImage(red)]);
    expect(a).toBe(b);
    expect(await provider({ cacheDir }).uploadImage(red)).toBe(a);
    expect(emulator.log.uploads()).toHaveLength(1);
    // The upload is what the model reads.
    const done = await first.createPrediction(call('from an upload', { image: a }));
    expect(done.status).toBe('succeeded');
  });

  it('uploads again once the earlier upload is about to expire', async () => {
    const cacheDir = tempDir();
    const blue = await image(30);
    let now = Date.now();
    await provider({ cacheDir, now: () => now }).uploadImage(blue);
    now += 24 * 3_600_000;
    await provider({ cacheDir, now: () => now }).uploadImage(blue);
    expect(emulator.log.uploads()).toHaveLength(2);
  });

  it('downloads outputs without sending the token to the delivery host', async () => {
    const p = provider();
    const done = await p.createPrediction(call('a lighthouse'));
    const bytes = await bytesOf(p, done.output[0]!);
    expect((await sharp(bytes).metadata()).format).toBe('webp');
    const downloads = emulator.log.downloads();
    expect(downloads).toHaveLength(1);
    expect(downloads[0]?.headers.authorization).toBeUndefined();
  });

  it('says an output is gone once Replicate deleted it', async () => {
    const p = provider();
    const done = await p.createPrediction(call('a lighthouse'));
    emulator.removePredictionData(done.id);
    const error = await bytesOf(p, done.output[0]!).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'download' });
    expect((error as Error).message).toMatch(/is gone \(HTTP 404\): Replicate deletes outputs an hour after a prediction$/);
  });
});
