// The token: tested against the API before it is stored, never read back, never written to a file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index';
import { runFinished, useServices } from './service-harness';

const SECRET_TOKEN = 'r8_Weft_token_under_test_7f3a91c2';

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('the API token', () => {
  const services = useServices();
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ tokens: [SECRET_TOKEN], timing: { queueDelayMs: 2, predictMs: 15 } });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('is refused, and not stored, when the API rejects it', async () => {
    const s = services({ env: { REPLICATE_BASE_URL: emulator.baseUrl } });
    const answer = await s.call('token.set', { token: 'r8_not_a_real_token' });
    expect(answer).toMatchObject({ ok: false, error: expect.stringContaining('refused this token') });
    expect(await s.call('token.status', {})).toMatchObject({ configured: false, storage: 'none' });
    expect(await s.call('token.test', {})).toEqual({ ok: false, error: 'no API token is set' });
  });

  it('is not stored when the API cannot be reached', async () => {
    const s = services({ env: { REPLICATE_BASE_URL: 'http://127.0.0.1:1/v1' } });
    expect(await s.call('token.set', { token: SECRET_TOKEN })).toMatchObject({ ok: false, error: expect.stringContaining('cannot reach') });
    expect((await s.call('token.status', {})).configured).toBe(false);
  });

  it('is accepted when valid, answers the account, and appears in no file and no log afterwards', async () => {
    const s = services({ env: { REPLICATE_BASE_URL: emulator.baseUrl } });
    expect(await s.call('token.set', { token: `  ${SECRET_TOKEN}\n` })).toEqual({ ok: true, account: 'weft-test' });
    expect(await s.call('token.status', {})).toMatchObject({ configured: true, storage: 'memory' });
    expect(await s.call('token.test', {})).toEqual({ ok: true, account: 'weft-test' });

    // Use everything that writes files: a run (cache, history, uploads), settings, recent, recovery.
    const opened = await s.call('workflow.open', { kind: 'example', id: 'inpainting' });
    if (!('document' in opened)) throw new Error('expected a document');
    const { documentId, workflow } = opened.document;
    const { runId } = await s.call('run.start', { documentId, workflow });
    expect((await runFinished(s, runId)).status).toBe('succeeded');
    await s.call('settings.set', { concurrency: 2 });
    await s.call('recovery.autosave', { documentId, workflow, name: 'sun' });

    const files = [...filesUnder(s.dataDir), ...filesUnder(s.cacheDir)];
    expect(files.length).toBeGreaterThan(5);
    const leaks = files.filter((file) => readFileSync(file).includes(SECRET_TOKEN));
    expect(leaks).toEqual([]);
    expect(s.logs.filter((line) => line.includes(SECRET_TOKEN))).toEqual([]);
    expect(JSON.stringify(s.events)).not.toContain(SECRET_TOKEN);

    expect(await s.call('token.clear', {})).toMatchObject({ configured: false });
  });
});
