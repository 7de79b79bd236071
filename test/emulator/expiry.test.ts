/**
 * Data lifetime on the emulated clock: one hour after a prediction finishes, its input, output files
 * and logs are deleted (data_removed: true) and its output URLs answer 404.
 */
import { describe, expect, it } from 'vitest';
import { FLUX_THOTH } from './index';
import { api, download, useEmulator } from './harness';

const h = useEmulator();
const MINUTE = 60_000;

describe('one hour after a prediction finishes', () => {
  it('removes input, output and logs, and the output URLs stop working', async () => {
    const done = await h.replicate.predictions.create({
      version: FLUX_THOTH.version,
      input: { prompt: 'x', megapixels: '0.25' },
      wait: true,
    });
    const url = (done.output as string[])[0] as string;

    h.emulator.clock.advance(59 * MINUTE);
    expect((await download(url)).status).toBe(200);
    expect((await h.replicate.predictions.get(done.id)).data_removed).toBe(false);

    h.emulator.clock.advance(MINUTE);
    const removed = await h.replicate.predictions.get(done.id);
    expect(removed).toMatchObject({ status: 'succeeded', data_removed: true, input: {}, output: null, logs: '' });
    expect(removed.metrics?.predict_time).toBeGreaterThan(0);
    expect((await download(url)).status).toBe(404);
  });

  it('does the same for failed and canceled predictions', async () => {
    const failed = await h.replicate.predictions.create({
      version: FLUX_THOTH.version,
      input: { prompt: 'x', aspect_ratio: 'custom' },
      wait: true,
    });
    h.emulator.setTiming({ queueDelayMs: 10 * MINUTE });
    const queued = await h.replicate.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'y' } });
    await h.replicate.predictions.cancel(queued.id);
    h.emulator.clock.advance(60 * MINUTE);
    for (const id of [failed.id, queued.id]) {
      const prediction = await h.replicate.predictions.get(id);
      expect(prediction.data_removed).toBe(true);
      expect(prediction.input).toEqual({});
    }
    expect((await h.replicate.predictions.get(failed.id)).error).toMatch(/NoneType/);
  });

  it('keeps a running prediction\'s data: the hour counts from when it finishes', async () => {
    h.emulator.setTiming({ queueDelayMs: 0, predictMs: 2 * 60 * MINUTE });
    const running = await h.replicate.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' } });
    while (h.emulator.prediction(running.id)?.status !== 'processing') await new Promise((r) => setTimeout(r, 1));
    await h.emulator.idle(); // its sampling steps are now on the clock
    h.emulator.clock.advance(90 * MINUTE);
    expect(h.emulator.prediction(running.id)).toMatchObject({ status: 'processing', data_removed: false, input: { prompt: 'x', megapixels: '0.25' } });
    h.emulator.clock.advance(30 * MINUTE);
    await h.emulator.idle();
    expect(h.emulator.prediction(running.id)?.status).toBe('succeeded');
    h.emulator.clock.advance(60 * MINUTE);
    expect(h.emulator.prediction(running.id)?.data_removed).toBe(true);
  });

  it('can be forced early, from code and from the admin API', async () => {
    const done = await h.replicate.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' }, wait: true });
    h.emulator.removePredictionData(done.id);
    expect(h.emulator.prediction(done.id)?.data_removed).toBe(true);
    const other = await h.replicate.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' }, wait: true });
    const response = await fetch(`${h.emulator.origin}/__emulator/predictions/${other.id}/remove-data`, { method: 'POST' });
    expect(((await response.json()) as { data_removed: boolean }).data_removed).toBe(true);
    expect((await download((other.output as string[])[0] as string)).status).toBe(404);
    expect((await api(h.emulator, 'GET', `/predictions/${other.id}`)).body.output).toBeNull();
  });
});
