/**
 * The request log tests assert against: every request with method, path, status and time; created
 * predictions with their id and input; uploads; downloads.
 */
import { describe, expect, it } from 'vitest';
import { FLUX_THOTH, INVERSIONS } from './index';
import { api, download, pngOfSize, useEmulator } from './harness';

const h = useEmulator();

describe('the request log', () => {
  it('records every request with method, path, route, status, time and headers (token redacted)', async () => {
    const before = h.emulator.clock.now();
    await api(h.emulator, 'GET', '/predictions?cursor=abc');
    await api(h.emulator, 'GET', '/account', { token: 'r8_nope' });
    const [list, account] = h.emulator.log.entries();
    expect(list).toMatchObject({ seq: 1, method: 'GET', path: '/v1/predictions', query: '?cursor=abc', route: 'predictions.list', status: 200, outcome: 'answered' });
    expect(list?.atMs).toBeGreaterThanOrEqual(before);
    expect(list?.at).toBe(new Date(list?.atMs ?? 0).toISOString());
    expect(account).toMatchObject({ route: 'account.get', status: 401 });
    expect(account?.headers.authorization).toBe('<redacted>');
  });

  it('lists created predictions with id, version and input, in order, across create routes', async () => {
    const a = await h.replicate.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'first', seed: 1, megapixels: '0.25' } });
    await api(h.emulator, 'POST', '/predictions', { body: { version: FLUX_THOTH.version, input: { prompt: 'invalid', seed: 'x' } } });
    const b = await h.replicate.deployments.predictions.create('weft-test', 'flux-thoth-deployment', { input: { prompt: 'second', megapixels: '0.25' } });
    const c = await h.replicate.predictions.create({ version: INVERSIONS.version, input: { prompt: 'third', megapixels: '0.25' } });
    const created = h.emulator.log.predictionsCreated();
    expect(created.map((p) => p.id)).toEqual([a.id, b.id, c.id]);
    expect(created[0]).toMatchObject({ version: FLUX_THOTH.version, input: { prompt: 'first', seed: 1, megapixels: '0.25' }, route: 'predictions.create' });
    expect(created[1]?.route).toBe('deployments.predictions.create');
    expect(h.emulator.log.withStatus(422)).toHaveLength(1);
  });

  it('ties gets and cancels to their prediction', async () => {
    const created = await h.replicate.predictions.create({ version: FLUX_THOTH.version, input: { prompt: 'x', megapixels: '0.25' } });
    await h.replicate.predictions.get(created.id);
    await h.replicate.predictions.cancel(created.id);
    expect(h.emulator.log.filter((e) => e.predictionId === created.id).map((e) => e.route)).toEqual([
      'predictions.create',
      'predictions.get',
      'predictions.cancel',
    ]);
  });

  it('lists uploads and downloads', async () => {
    const file = await h.replicate.files.create(new File([new Uint8Array(await pngOfSize(16, 16))], 'a.png', { type: 'image/png' }));
    const done = await h.replicate.predictions.create({
      version: FLUX_THOTH.version,
      input: { prompt: 'x', image: file.urls.get },
      wait: true,
    });
    await download((done.output as string[])[0] as string);
    expect(h.emulator.log.uploads().map((u) => u.id)).toEqual([file.id]);
    expect(h.emulator.log.downloads()).toHaveLength(1);
    expect(h.emulator.log.downloads()[0]).toMatchObject({ route: 'delivery.get', status: 200, predictionId: done.id });
  });

  it('is emptied by resetLog()', async () => {
    await api(h.emulator, 'GET', '/account');
    h.emulator.resetLog();
    expect(h.emulator.log.entries()).toEqual([]);
    await api(h.emulator, 'GET', '/account');
    expect(h.emulator.log.entries()).toHaveLength(1);
  });
});
