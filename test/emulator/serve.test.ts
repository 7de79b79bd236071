/**
 * `npm run emulator`: the CLI starts a server in its own process and says where it is.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));

describe('serve.ts', () => {
  it('prints the base URL and token, serves the API and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', SERVE, '--port', '0', '--token', 'r8_cli', '--predict-ms', '5'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const ready = await new Promise<{ baseUrl: string; token: string; admin: string }>((resolve, reject) => {
        const lines = createInterface({ input: child.stdout });
        lines.on('line', (line) => {
          if (line.startsWith('EMULATOR_READY ')) resolve(JSON.parse(line.slice('EMULATOR_READY '.length)));
        });
        child.once('exit', (code) => reject(new Error(`serve.ts exited with ${code}`)));
      });
      expect(ready.token).toBe('r8_cli');
      expect(ready.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const account = await fetch(`${ready.baseUrl}/account`, { headers: { Authorization: `Bearer ${ready.token}` } });
      expect(account.status).toBe(200);
      const state = (await (await fetch(ready.admin)).json()) as { timing: { predictMs: number } };
      expect(state.timing.predictMs).toBe(5);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
