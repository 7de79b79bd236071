// `npm run dist [-- <electron-builder options>]`: the release build (renderer minified: WEFT_RELEASE=1),
// then electron-builder with electron-builder.yml for this OS's targets. A script rather than an npm
// one-liner because `VAR=1 command` does not work in Windows' shell.
//   npm run dist                          installers for this OS in release/<version>/
//   npm run dist -- --publish always      the same, uploaded to the GitHub release of the tag (CI)
// On a Mac it builds both Mac apps, Intel (x64) and Apple silicon (arm64), as electron-builder.yml says,
// and first adds sharp's native packages for the processor npm ci skipped (scripts/mac-arch-packages.ts;
// the release workflow runs it as a step of its own too; it does nothing when they are there).
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { addMacArchPackages, loadBuilderConfig, macArches } from './mac-arch-packages';
import { buildForRelease } from './package-check/pack';

const root = join(__dirname, '..');
if (process.platform === 'darwin') addMacArchPackages(root, macArches(loadBuilderConfig(root)), (line) => process.stdout.write(`${line}\n`));
buildForRelease(root);
const builder = join(root, 'node_modules', 'electron-builder', 'cli.js');
const result = spawnSync(process.execPath, [builder, '--config', 'electron-builder.yml', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
