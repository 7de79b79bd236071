/**
 * Revoking a token mid-run: the tokens the API accepts can be replaced at any time, in code or through
 * the admin API; requests with a token no longer accepted answer 401, the delivery host (no token) goes on.
 */
import { describe, expect, it } from 'vitest';
import { api, useEmulator } from './harness';

const h = useEmulator();

describe('accepted tokens', () => {
  it('can be revoked and restored in code', async () => {
    expect((await api(h.emulator, 'GET', '/account')).status).toBe(200);
    h.emulator.setTokens([]);
    expect((await api(h.emulator, 'GET', '/account')).status).toBe(401);
    h.emulator.setTokens(['r8_other', h.emulator.token]);
    expect((await api(h.emulator, 'GET', '/account', { token: 'r8_other' })).status).toBe(200);
    expect((await api(h.emulator, 'GET', '/account')).status).toBe(200);
  });

  it('can be replaced through the admin API', async () => {
    const put = await fetch(`${h.emulator.origin}/__emulator/tokens`, { method: 'PUT', body: JSON.stringify({ tokens: ['r8_new'] }) });
    expect(await put.json()).toEqual({ accepted: ['r8_new'] });
    expect((await api(h.emulator, 'GET', '/account')).status).toBe(401);
    expect((await api(h.emulator, 'GET', '/account', { token: 'r8_new' })).status).toBe(200);
    const state = await (await fetch(`${h.emulator.origin}/__emulator`)).json();
    expect(state).toMatchObject({ token: h.emulator.token, accepted: ['r8_new'] });
    h.emulator.setTokens([h.emulator.token]);
  });
});
