// The browser host as src/web/index.ts starts it, but serving the renderer from WEFT_BENCH_STATIC: the
// editor benchmarks measure a production build made for them (lib/renderer-build.ts), whatever state
// out/renderer is in. Prints the URL like the real entry.
import { join } from 'node:path';
import { defaultCacheDir, defaultDataDir } from '../../src/runtime/paths';
import { startWebHost } from '../../src/web/start-web-host';
import { ROOT } from './emulator-process';

async function main(): Promise<void> {
  const staticRoot = process.env.WEFT_BENCH_STATIC;
  if (!staticRoot) throw new Error('WEFT_BENCH_STATIC is not set');
  const host = await startWebHost({
    port: 0,
    cacheDir: defaultCacheDir(),
    dataDir: defaultDataDir(),
    examplesDir: join(ROOT, 'resources', 'examples'),
    staticRoot,
    appVersion: '0.0.0-bench',
    env: process.env,
  });
  console.log(`Weft is running: ${host.url}`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await host.close();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
