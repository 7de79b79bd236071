// A browser host on temp folders for the suite, and a client that records every answer body it saw
// (so a test can look for a secret in all of them afterwards).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWebHost, type WebHost } from '../../../src/web/start-web-host';
import { EXAMPLES_DIR } from '../../helpers/temp-dir';
import { rawRequest, type RawAnswer } from '../../web/http-client';

export interface HostUnderTest {
  host: WebHost;
  root: string;
  cacheDir: string;
  dataDir: string;
  logs: string[];
  /** Every answer body this client received, as text. */
  bodies: string[];
  /** POST /api/<method> with the secret; answers the parsed ApiReply and the HTTP status. */
  api(method: string, body: unknown): Promise<{ status: number; reply: any }>;
  get(path: string, headers?: Record<string, string>): Promise<RawAnswer>;
}

export async function startHost(root: string, env: Record<string, string | undefined> = {}, fetchImpl?: typeof fetch): Promise<HostUnderTest> {
  const staticRoot = join(root, 'renderer');
  mkdirSync(staticRoot, { recursive: true });
  writeFileSync(join(staticRoot, 'index.html'), '<!doctype html><title>Weft</title>');
  const logs: string[] = [];
  const bodies: string[] = [];
  const cacheDir = join(root, 'cache');
  const dataDir = join(root, 'data');
  const host = await startWebHost({
    cacheDir,
    dataDir,
    examplesDir: EXAMPLES_DIR,
    staticRoot,
    appVersion: '0.0.0-test',
    env,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
    log: (message) => logs.push(message),
  });
  const secret = { 'X-Weft-Secret': host.secret };
  return {
    host,
    root,
    cacheDir,
    dataDir,
    logs,
    bodies,
    async api(method, body) {
      const answer = await rawRequest(host.port, { method: 'POST', path: `/api/${method}`, headers: { 'Content-Type': 'application/json', ...secret }, body: JSON.stringify(body) });
      bodies.push(answer.text);
      return { status: answer.status, reply: answer.headers['content-type']?.toString().startsWith('application/json') ? JSON.parse(answer.text) : answer.text };
    },
    async get(path, headers = {}) {
      const answer = await rawRequest(host.port, { path, headers: { ...secret, ...headers } });
      bodies.push(answer.text);
      return answer;
    },
  };
}
