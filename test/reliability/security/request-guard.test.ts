// The browser host spends the user's credits and writes their files, so every route refuses a request
// without this start's secret, and every request naming a foreign Host (DNS rebinding) or sent from a
// foreign Origin, even one carrying the secret. Tried systematically: each route, each way of getting
// the secret wrong, each foreign name. No refused request changes anything, and no answer ever grants
// another origin access (CORS).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../../web/http-client';
import { useTally } from '../support/tally';
import { startHost, type HostUnderTest } from '../support/web-host';

interface Route {
  method: string;
  path: string;
  body?: string;
}

describe('who may talk to the browser host', () => {
  const tally = useTally(__filename);
  let root: string;
  let web: HostUnderTest;
  let port: number;
  let secret: string;
  let routes: Route[];
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'weft-rel-guard-'));
    web = await startHost(join(root, 'host'));
    port = web.host.port;
    secret = web.host.secret;
    routes = [
      { method: 'GET', path: '/' },
      { method: 'GET', path: '/index.html' },
      { method: 'GET', path: '/api/events' },
      { method: 'POST', path: '/api/app.info', body: '{}' },
      { method: 'POST', path: '/api/token.status', body: '{}' },
      { method: 'POST', path: '/api/settings.set', body: '{"concurrency":7}' },
      { method: 'POST', path: '/api/workflow.saveAs', body: JSON.stringify({ documentId: 'doc-123456', workflow: { format: 'weft-workflow', version: 1, nodes: [], edges: [] }, target: { kind: 'path', path: join(root, 'planted.weft') } }) },
      { method: 'GET', path: `/images/${'a'.repeat(64)}` },
      { method: 'OPTIONS', path: '/api/app.info' },
    ];
  });
  afterAll(async () => {
    await web.host.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function send(route: Route, headers: Record<string, string>, pathSuffix = '') {
    return rawRequest(port, { method: route.method, path: `${route.path}${pathSuffix}`, headers: { 'Content-Type': 'application/json', ...headers }, ...(route.body ? { body: route.body } : {}) });
  }

  async function expectRefusedEverywhere(label: string, headers: () => Record<string, string>, pathSuffix = ''): Promise<number> {
    let tried = 0;
    // `GET /?secret=` is how the printed URL logs in (tried apart): every other path ignores the query.
    for (const route of routes.filter((r) => !(pathSuffix && r.method === 'GET' && r.path === '/'))) {
      const answer = await send(route, headers(), pathSuffix);
      tried++;
      expect(answer.status, `${label}: ${route.method} ${route.path}`).toBe(403);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
    return tried;
  }

  it('refuses every route without the right secret', async () => {
    const wrong: [string, () => Record<string, string>, string?][] = [
      ['no secret', () => ({})],
      ['an empty secret', () => ({ 'X-Weft-Secret': '' })],
      ['a wrong secret', () => ({ 'X-Weft-Secret': 'not-the-secret-at-all-not-the-secret' })],
      ['the secret cut short by one', () => ({ 'X-Weft-Secret': secret.slice(0, -1) })],
      ['the secret plus one', () => ({ 'X-Weft-Secret': `${secret}x` })],
      ['the secret in other case', () => ({ 'X-Weft-Secret': secret.toUpperCase() === secret ? secret.toLowerCase() : secret.toUpperCase() })],
      ['the secret under another cookie name', () => ({ Cookie: `weft=${secret}` })],
      ['a wrong cookie', () => ({ Cookie: 'weft_secret=guess' })],
      ['the secret in the query of another path', () => ({}), `?secret=${encodeURIComponent('SECRET')}`],
    ];
    let tried = 0;
    for (const [label, headers, suffix] of wrong) tried += await expectRefusedEverywhere(label, headers, suffix?.replace('SECRET', secret) ?? '');
    expect((await web.api('settings.get', {})).reply.value.concurrency).not.toBe(7);
    tally.add('security: browser host refuses strangers', { cases: tried, faults: tried });
  });

  it('refuses a foreign Host or Origin even with the secret (DNS rebinding, other pages)', async () => {
    const withSecret = (extra: Record<string, string>) => () => ({ 'X-Weft-Secret': secret, ...extra });
    const foreign: [string, () => Record<string, string>][] = [
      ...[`evil.example:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, `localhost.evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `[::1]:${port}`, `0.0.0.0:${port}`, `127.1:${port}`, `127.0.0.1`].map(
        (host) => [`Host ${host}`, withSecret({ Host: host })] as [string, () => Record<string, string>],
      ),
      ...['http://evil.example', 'null', `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, `http://localhost:${port}.evil.example`, 'file://', 'chrome-extension://abcdefgh'].map(
        (origin) => [`Origin ${origin}`, withSecret({ Origin: origin })] as [string, () => Record<string, string>],
      ),
      ['Sec-Fetch-Site cross-site', withSecret({ 'Sec-Fetch-Site': 'cross-site' })],
    ];
    let tried = 0;
    for (const [label, headers] of foreign) tried += await expectRefusedEverywhere(label, headers);
    expect((await web.api('settings.get', {})).reply.value.concurrency).not.toBe(7);
    expect(existsSync(join(root, 'planted.weft'))).toBe(false);
    tally.add('security: browser host refuses strangers', { cases: tried, faults: tried });
  });

  it('answers its own page, and never with a CORS grant', async () => {
    for (const route of routes.filter((r) => r.method !== 'OPTIONS' && r.path !== '/api/events')) {
      const answer = await send(route, { 'X-Weft-Secret': secret, Origin: `http://127.0.0.1:${port}` });
      expect(answer.status, route.path).not.toBe(403);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
    tally.add('security: browser host refuses strangers', { cases: routes.length - 2 });
  });
});
