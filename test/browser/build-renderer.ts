// Builds out/renderer (what the browser host serves) when any source it is made from is newer than the
// last build. Test files may run in parallel: a lock folder lets one build while the others wait.
// The build is a production one (NODE_ENV=production) whatever vitest set (NODE_ENV=test): otherwise Vite
// bundles React's development builds, several times slower, and the tests would drive another renderer
// than the one users get.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const OUT = join(ROOT, 'out', 'renderer', 'index.html');
const SOURCES = ['src/renderer', 'src/engine', 'src/api', 'nodes', 'vite.renderer.config.mts'];
const LOCK = join(ROOT, 'node_modules', '.tmp', 'renderer-build.lock');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

/** A build made under NODE_ENV=test (before builds were forced to production) carries React's development build. */
function isDevelopmentBuild(): boolean {
  const assets = join(ROOT, 'out', 'renderer', 'assets');
  if (!existsSync(assets)) return false;
  return readdirSync(assets).some((name) => name.endsWith('.js') && readFileSync(join(assets, name), 'utf8').includes('react-dom-client.development'));
}

function isStale(): boolean {
  if (!existsSync(OUT)) return true;
  if (isDevelopmentBuild()) return true;
  const built = statSync(OUT).mtimeMs;
  return SOURCES.some((s) => newestMtime(join(ROOT, s)) > built);
}

export async function ensureRendererBuilt(): Promise<void> {
  mkdirSync(join(ROOT, 'node_modules', '.tmp'), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock older than two minutes belongs to a build that died.
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs > 120_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for another renderer build');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (isStale()) execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '-c', 'vite.renderer.config.mts', '--logLevel', 'warn'], {
        cwd: ROOT,
        stdio: 'inherit',
        env: { ...process.env, NODE_ENV: 'production' },
      });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
