// Does a token work? Asks the API who it belongs to (GET /account answers the username), before the
// token is stored and whenever the user presses "test". The token goes in the Authorization header
// only; no message built here ever includes it.
import { z } from 'zod';

export type TokenCheck = { ok: true; account?: string } | { ok: false; error: string };

const AccountSchema = z.looseObject({ username: z.string().optional(), name: z.string().optional() });

export async function checkToken(token: string, apiBaseUrl: string, doFetch: typeof fetch): Promise<TokenCheck> {
  const url = `${apiBaseUrl.replace(/\/+$/, '')}/account`;
  let response: Response;
  try {
    response = await doFetch(url, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(20_000),
      redirect: 'error',
    });
  } catch (error) {
    return { ok: false, error: `cannot reach ${apiBaseUrl}: ${(error as Error).message}` };
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    return { ok: false, error: `${hostOf(apiBaseUrl)} refused this token (HTTP ${response.status}): check that it was copied whole` };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { ok: false, error: `${hostOf(apiBaseUrl)} answered HTTP ${response.status} when asked who owns the token` };
  }
  const body = AccountSchema.safeParse(await response.json().catch(() => undefined));
  const account = body.success ? (body.data.username ?? body.data.name) : undefined;
  return account ? { ok: true, account } : { ok: true };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
