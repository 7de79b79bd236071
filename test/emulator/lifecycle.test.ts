/**
 * The prediction lifecycle through the official client and raw HTTP: statuses, growing logs with tqdm
 * progress, metrics, Prefer: wait (and its timeout with Location), cancel, Cancel-After.
 */
import Replicate, { type Prediction } from 'replicate';
import { describe, expect, it } from 'vitest';
import { FLUX_THOTH, INVERSIONS, startEmulator } from './index';
import { api, useEmulator } from './harness';

const h = useEmulator();
const MINUTE = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until the emulator holds `count` predictions (the create request has been handled). */
async function untilCreated(count: number): Promise<void> {
  while (h.emulator.predictions().length < count) await sleep(1);
}

async function untilStatus(id: string, status: string): Promise<void> {
  while (h.emulator.prediction(id)?.status !== status) await sleep(1);
}

const TQDM_PERCENT = /^\s*\d+%\|[ ▏▎▍▌▋▊▉█]{10}\| \d+\/\d+ \[\d\d:\d\d<(\d\d:\d\d|\?), +([\d.]+|\?)it\/s\]$/;
const TQDM_COUNT = /^\d+it \[\d\d:\d\d, ([\d.]+|\?)it\/s\]$/;

describe('a prediction from create to succeeded', () => {
  it('starts as "starting" with a 26-character base32 id, urls and the input as sent', async () => {
    const prediction = await h.replicate.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'a fox' } });
    expect(prediction.id).toMatch(/^[a-z2-7]{26}$/);
    expect(prediction.status).toBe('starting');
    expect(prediction.model).toBe(FLUX_THOTH.ref);
    expect(prediction.version).toBe(FLUX_THOTH.version);
    expect(prediction.input).toEqual({ prompt: 'a fox' });
    expect(prediction.output).toBeNull();
    expect(prediction.logs).toBe('');
    expect(prediction.data_removed).toBe(false);
    expect(prediction.urls).toEqual({
      get: `${h.emulator.baseUrl}/predictions/${prediction.id}`,
      cancel: `${h.emulator.baseUrl}/predictions/${prediction.id}/cancel`,
      web: `https://replicate.com/p/${prediction.id}`,
    });
    expect(prediction.started_at).toBeUndefined();
  });

  it('goes starting -> processing -> succeeded while logs grow line by line', async () => {
    // A frozen clock makes every transition happen exactly when the test advances it.
    const emulator = await startEmulator({ clock: { frozen: true }, timing: { queueDelayMs: 1000, predictMs: 10_000 } });
    const client = new Replicate(emulator.clientOptions());
    try {
      const created = await client.predictions.create({
        version: FLUX_THOTH.version,
        input: { prompt: 'a fox', seed: 42, num_inference_steps: 10, megapixels: '0.25' },
      });
      expect(created.status).toBe('starting');
      emulator.clock.advance(1000);
      await emulator.idle();
      let latest = await client.predictions.get(created.id);
      expect(latest.status).toBe('processing');
      const lineCounts = [(latest.logs ?? '').split('\n').length];
      for (let step = 1; step <= 10; step++) {
        emulator.clock.advance(1000);
        await emulator.idle();
        latest = await client.predictions.get(created.id);
        lineCounts.push((latest.logs ?? '').split('\n').length);
      }
      expect(latest.status).toBe('succeeded');
      // One more line per step; the last step also adds the safety checker's summary.
      expect(lineCounts.slice(1).map((n, i) => n - (lineCounts[i] as number))).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);

      const lines = (latest.logs ?? '').trimEnd().split('\n');
      expect(lines[0]).toBe('Using seed: 42');
      const bars = lines.filter((l) => TQDM_PERCENT.test(l));
      expect(bars).toHaveLength(11); // 0/10 .. 10/10
      expect(bars[0]).toBe('  0%|          | 0/10 [00:00<?, ?it/s]');
      expect(bars[5]).toBe(' 50%|█████     | 5/10 [00:05<00:05,  1.00it/s]');
      expect(bars.at(-1)).toBe('100%|██████████| 10/10 [00:10<00:00,  1.00it/s]');
      expect(lines.at(-1)).toBe('Total safe images: 1 out of 1');
    } finally {
      await emulator.close();
    }
  });

  it('shows the same statuses to a client polling in real time', async () => {
    h.emulator.setTiming({ queueDelayMs: 20, predictMs: 60 });
    const created = await h.replicate.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' } });
    const statuses: string[] = [created.status];
    let latest: Prediction = created;
    while (latest.status === 'starting' || latest.status === 'processing') {
      await sleep(3);
      latest = await h.replicate.predictions.get(created.id);
      if (statuses.at(-1) !== latest.status) statuses.push(latest.status);
    }
    expect(statuses[0]).toBe('starting');
    expect(statuses.at(-1)).toBe('succeeded');
    expect(statuses.every((s) => ['starting', 'processing', 'succeeded'].includes(s))).toBe(true);
  });

  it('reports timestamps and metrics {predict_time, total_time} when finished', async () => {
    const done = await h.replicate.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' }, wait: true });
    expect(done.status).toBe('succeeded');
    const created = Date.parse(done.created_at);
    const started = Date.parse(done.started_at as string);
    const completed = Date.parse(done.completed_at as string);
    expect(created).toBeLessThanOrEqual(started);
    expect(started).toBeLessThanOrEqual(completed);
    expect(done.metrics?.predict_time).toBeCloseTo((completed - started) / 1000, 2);
    expect(done.metrics?.total_time).toBeCloseTo((completed - created) / 1000, 2);
    expect(done.metrics?.predict_time).toBeGreaterThan(0);
  });

  it('draws a random seed (0..65535) when none is given, and logs it', async () => {
    const done = await h.replicate.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' }, wait: true });
    const seed = Number(/^Using seed: (\d+)$/m.exec(done.logs ?? '')?.[1]);
    expect(seed).toBeGreaterThanOrEqual(0);
    expect(seed).toBeLessThan(65536);
  });

  it('treats seed 0 as random on the inversions model, but not on the LoRA model', async () => {
    const inversions = await h.replicate.predictions.create({ version: INVERSIONS.version, input: { prompt: 'x', seed: 0, megapixels: '0.25' }, wait: true });
    expect(inversions.logs).not.toMatch(/^Using seed: 0$/m);
    const lora = await h.replicate.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'x', seed: 0, megapixels: '0.25' }, wait: true });
    expect(lora.logs).toMatch(/^Using seed: 0$/m);
  });

  it('prints tqdm lines without a total for the inversions model in bf16 (go_fast false)', async () => {
    const bf16 = await h.replicate.predictions.create({
      version: INVERSIONS.version,
      input: { prompt: 'x', go_fast: false, num_inference_steps: 8, megapixels: '0.25' },
      wait: true,
    });
    const lines = (bf16.logs ?? '').trimEnd().split('\n');
    expect(lines.filter((l) => TQDM_COUNT.test(l))).toHaveLength(9);
    expect(lines.some((l) => l.includes('%|'))).toBe(false);
    expect(lines.filter((l) => TQDM_COUNT.test(l)).at(-1)).toMatch(/^8it \[/);

    const fp8 = await h.replicate.predictions.create({ version: INVERSIONS.version, input: { prompt: 'x', num_inference_steps: 8, megapixels: '0.25' }, wait: true });
    expect((fp8.logs ?? '').split('\n').filter((l) => TQDM_PERCENT.test(l))).toHaveLength(9);
  });
});

describe('Prefer: wait', () => {
  it('holds the create request until the prediction finishes (client option wait: true)', async () => {
    const done = await h.replicate.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' }, wait: true });
    expect(done.status).toBe('succeeded');
    expect(done.output).toHaveLength(1);
    expect(h.emulator.log.filter('predictions.create')[0]?.headers.prefer).toBe('wait');
  });

  it('answers a failed prediction with 201 and status failed, not an HTTP error', async () => {
    const failed = await api(h.emulator, 'POST', '/predictions', {
      body: { version: FLUX_THOTH.version, input: { prompt: 'x', aspect_ratio: 'custom' } },
      headers: { Prefer: 'wait=5' },
    });
    expect(failed.status).toBe(201);
    expect(failed.body.status).toBe('failed');
    expect(failed.headers.get('location')).toBeNull();
  });

  it('after wait=N seconds answers the prediction still "starting", with a Location header', async () => {
    h.emulator.setTiming({ queueDelayMs: 10 * MINUTE, predictMs: 10 * MINUTE });
    const before = h.emulator.predictions().length;
    const pending = api(h.emulator, 'POST', '/predictions', {
      body: { version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' } },
      headers: { Prefer: 'wait=2' },
    });
    await untilCreated(before + 1);
    h.emulator.clock.advance(1_500);
    await sleep(5);
    expect(h.emulator.log.filter('predictions.create')).toHaveLength(0); // still held
    h.emulator.clock.advance(500);
    const answer = await pending;
    expect(answer.status).toBe(201);
    expect(answer.body.status).toBe('starting');
    expect(answer.headers.get('location')).toBe(answer.body.urls.get);
  });

  it('is what the client sends for wait: N', async () => {
    h.emulator.setTiming({ queueDelayMs: 10 * MINUTE });
    const before = h.emulator.predictions().length;
    const pending = h.replicate.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' }, wait: 1 });
    await untilCreated(before + 1);
    h.emulator.clock.advance(1000);
    const answer = await pending;
    expect(answer.status).toBe('starting');
    expect(h.emulator.log.filter('predictions.create')[0]?.headers.prefer).toBe('wait=1');
  });

  it('rejects wait=0 and wait=61', async () => {
    for (const prefer of ['wait=0', 'wait=61', 'wait=abc']) {
      const answer = await api(h.emulator, 'POST', '/predictions', {
        body: { version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' } },
        headers: { Prefer: prefer },
      });
      expect(answer.status, prefer).toBe(400);
    }
  });
});

describe('cancel', () => {
  it('cancels a running prediction and keeps what it logged; a second cancel changes nothing', async () => {
    h.emulator.setTiming({ queueDelayMs: 0, predictMs: 10 * MINUTE });
    const created = await h.replicate.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' } });
    await untilStatus(created.id, 'processing');
    const canceled = await h.replicate.predictions.cancel(created.id);
    expect(canceled.status).toBe('canceled');
    expect(canceled.output).toBeNull();
    expect(canceled.logs).toMatch(/Using seed/);
    expect(canceled.metrics?.predict_time).toBeGreaterThanOrEqual(0);
    expect(canceled.completed_at).toBeDefined();
    const again = await h.replicate.predictions.cancel(created.id);
    expect(again.completed_at).toBe(canceled.completed_at);
    expect((await h.replicate.predictions.get(created.id)).status).toBe('canceled');
  });

  it('cancels a queued prediction before it starts', async () => {
    h.emulator.setTiming({ queueDelayMs: 10 * MINUTE });
    const created = await h.replicate.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' } });
    const canceled = await h.replicate.predictions.cancel(created.id);
    expect(canceled.status).toBe('canceled');
    expect(canceled.started_at).toBeUndefined();
  });

  it('answers 404 for an unknown prediction', async () => {
    await expect(h.replicate.predictions.cancel('aaaaaaaaaaaaaaaaaaaaaaaaaa')).rejects.toThrow(/404/);
    await expect(h.replicate.predictions.get('aaaaaaaaaaaaaaaaaaaaaaaaaa')).rejects.toThrow(/404/);
  });

  it('ends a `Prefer: wait` request held on the canceled prediction', async () => {
    h.emulator.setTiming({ queueDelayMs: 0, predictMs: 10 * MINUTE });
    const before = h.emulator.predictions().length;
    const pending = h.replicate.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' }, wait: true });
    await untilCreated(before + 1);
    const id = h.emulator.predictions()[0]?.id as string;
    await h.replicate.predictions.cancel(id);
    expect((await pending).status).toBe('canceled');
  });
});

describe('Cancel-After', () => {
  const createWithDeadline = (deadline: string) =>
    api(h.emulator, 'POST', '/predictions', {
      body: { version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' } },
      headers: { 'Cancel-After': deadline },
    });

  it('aborts a prediction not started by the deadline: no started_at, no predict_time', async () => {
    h.emulator.setTiming({ queueDelayMs: 10 * MINUTE });
    const created = await createWithDeadline('5s');
    expect(created.body.deadline).toBe(new Date(Date.parse(created.body.created_at) + 5000).toISOString());
    h.emulator.clock.advance(5000);
    const aborted = h.emulator.prediction(created.body.id);
    expect(aborted?.status).toBe('aborted');
    expect(aborted?.started_at).toBeUndefined();
    expect(aborted?.metrics?.predict_time).toBeUndefined();
    expect(aborted?.metrics?.total_time).toBeCloseTo(5, 1);
  });

  it('cancels a prediction still running at the deadline', async () => {
    h.emulator.setTiming({ queueDelayMs: 1000, predictMs: 10 * MINUTE });
    const created = await createWithDeadline('1m30s');
    h.emulator.clock.advance(90_000);
    const canceled = h.emulator.prediction(created.body.id);
    expect(canceled?.status).toBe('canceled');
    expect(canceled?.metrics?.predict_time).toBeCloseTo(89, 0);
  });

  it('leaves a prediction that finishes in time alone', async () => {
    const created = await createWithDeadline('1h');
    const done = await h.emulator.waitForPrediction(created.body.id);
    expect(done.status).toBe('succeeded');
  });

  it('rejects a deadline that is not a duration', async () => {
    expect((await createWithDeadline('soon')).status).toBe(400);
  });
});

describe('a frozen clock', () => {
  it('moves predictions only when advanced, with exact timestamps', async () => {
    const emulator = await startEmulator({ clock: { frozen: true, startAt: Date.UTC(2030, 0, 1) }, timing: { queueDelayMs: 1000, predictMs: 4000 } });
    try {
      const created = await api(emulator, 'POST', '/predictions', { body: { version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' } } });
      expect(created.body.created_at).toBe('2030-01-01T00:00:00.000Z');
      await sleep(20);
      expect(emulator.prediction(created.body.id)?.status).toBe('starting');
      emulator.clock.advance(1000);
      await emulator.idle();
      expect(emulator.prediction(created.body.id)?.status).toBe('processing');
      emulator.clock.advance(4000);
      await emulator.idle();
      const done = emulator.prediction(created.body.id);
      expect(done?.status).toBe('succeeded');
      expect(done?.started_at).toBe('2030-01-01T00:00:01.000Z');
      expect(done?.completed_at).toBe('2030-01-01T00:00:05.000Z');
      expect(done?.metrics).toEqual({ predict_time: 4, total_time: 5 });
    } finally {
      await emulator.close();
    }
  });
});
