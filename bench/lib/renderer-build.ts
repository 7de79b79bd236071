// A production build of the renderer for the editor benchmarks, in a folder of their own. Built with
// NODE_ENV=production whatever the caller's environment: under vitest (NODE_ENV=test) Vite bundles
// React's development builds, which are several times slower and would be measured instead.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './emulator-process';

export const BENCH_RENDERER = join(ROOT, 'node_modules', '.tmp', 'bench-renderer');

export function buildRendererForBench(): { dir: string; bundleBytes: number; development: boolean } {
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '-c', 'vite.renderer.config.mts', '--logLevel', 'error', '--outDir', BENCH_RENDERER, '--emptyOutDir'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (!existsSync(join(BENCH_RENDERER, 'index.html'))) throw new Error('the renderer build wrote no index.html');
  const scripts = readdirSync(join(BENCH_RENDERER, 'assets')).filter((f) => f.endsWith('.js'));
  let bundleBytes = 0;
  let development = false;
  for (const file of scripts) {
    const text = readFileSync(join(BENCH_RENDERER, 'assets', file), 'utf8');
    bundleBytes += Buffer.byteLength(text);
    development ||= text.includes('react-dom-client.development');
  }
  return { dir: BENCH_RENDERER, bundleBytes, development };
}
