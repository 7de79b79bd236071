// The desktop bridge as the preload shapes it: answers as they are, failures as "[code] sentence".
import { describe, expect, it } from 'vitest';
import { ApiCallError } from '../../src/renderer/api/api-error';
import { createElectronApi, fromBridgeError } from '../../src/renderer/api/electron-api';

describe('the desktop bridge', () => {
  it('reads the error code and sentence back from the preload’s rejection', () => {
    const error = fromBridgeError('token.set', new Error("Error invoking remote method 'token.set': Error: [token] Replicate refused this token"));
    expect(error).toBeInstanceOf(ApiCallError);
    expect([error.code, error.message]).toEqual(['token', 'Replicate refused this token']);
    expect(fromBridgeError('x', new Error('something else')).code).toBe('internal');
  });

  it('returns answers untouched, even one with an ok field of its own', async () => {
    const api = createElectronApi({ tokenSet: async () => ({ ok: false, error: 'refused' }) });
    await expect(api['token.set']({ token: 'r8_x' })).resolves.toEqual({ ok: false, error: 'refused' });
    await expect(api['token.test']({})).rejects.toMatchObject({ code: 'not-found' });
  });
});
