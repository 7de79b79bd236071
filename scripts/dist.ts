// `npm run dist [-- <electron-builder options>]`: the release build (renderer minified: WEFT_RELEASE=1),
// then electron-builder with electron-builder.yml for this OS's targets. A script rather than an npm
// one-liner because `VAR=1 command` does not work in Windows' shell.
//   npm run dist                          installers for this OS in release/<version>/
//   npm run dist -- --publish always      the same, uploaded to the GitHub release of the tag (CI)
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildForRelease } from './package-check/pack';

const root = join(__dirname, '..');
buildForRelease(root);
const builder = join(root, 'node_modules', 'electron-builder', 'cli.js');
const result = spawnSync(process.execPath, [builder, '--config', 'electron-builder.yml', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
