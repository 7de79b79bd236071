// `npm run web`: the editor in a browser, served on 127.0.0.1 with a secret URL. Prints the URL and runs
// until interrupted.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { defaultCacheDir, defaultDataDir } from '../runtime/paths';
import { parseWebArgs, WEB_USAGE } from './cli-args';
import { startWebHost } from './start-web-host';

const PROJECT_ROOT = resolve(__dirname, '..', '..');

async function main(): Promise<number> {
  const args = parseWebArgs(process.argv.slice(2));
  if ('error' in args) {
    console.error(`error: ${args.error}\n\n${WEB_USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(WEB_USAGE);
    return 0;
  }
  const staticRoot = join(PROJECT_ROOT, 'out', 'renderer');
  if (!existsSync(join(staticRoot, 'index.html'))) {
    console.error('warning: the editor is not built (out/renderer is missing); `npm run web` builds it before starting');
  }
  const host = await startWebHost({
    port: args.port,
    cacheDir: defaultCacheDir(),
    dataDir: defaultDataDir(),
    examplesDir: join(PROJECT_ROOT, 'resources', 'examples'),
    staticRoot,
    appVersion: packageVersion(),
    env: process.env,
  });
  console.log(`Weft is running. Open this URL in your browser (it carries this session's secret):\n\n  ${host.url}\n`);
  if (!process.env.REPLICATE_API_TOKEN) console.log('No REPLICATE_API_TOKEN in the environment: set the token in Settings (kept in memory only).');
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await host.close();
  return 0;
}

function packageVersion(): string {
  const parsed = z.object({ version: z.string() }).safeParse(JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')));
  return parsed.success ? parsed.data.version : '0.0.0';
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
