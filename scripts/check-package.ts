// The offline packaging check: packs the app as a release would (electron-builder.yml, Linux `dir` target,
// a stand-in Electron since none can be downloaded here) and asserts what ships: see asar-rules.ts for
// app.asar, and below for the fuses and the updater's app-update.yml.
//
//   npm run pack:check                        release build (minified), pack, check
//   npx tsx scripts/check-package.ts --build=if-missing|never
//
// Everything it writes stays in release/pack-check/ (ignored by git). test/packaging/package.test.ts runs
// it as part of `npm test`.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { problemsIn, type PackedFile } from './package-check/asar-rules';
import { buildAndPack, CHECK_REPOSITORY, type BuildMode } from './package-check/pack';
import { readFuses, type FuseName } from './package-check/stand-in-electron';

/** Checklist item 19, plus the other fuses electron-builder.yml sets explicitly. */
export const REQUIRED_FUSES: Readonly<Partial<Record<FuseName, boolean>>> = {
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  EnableCookieEncryption: false,
  GrantFileProtocolExtraPrivileges: false,
};

export interface CheckReport {
  problems: string[];
  asarBytes: number;
  unpackedFiles: number;
  files: PackedFile[];
  fuses: Partial<Record<FuseName, boolean>>;
  seconds: number;
  appDir: string;
}

interface Manifest {
  main?: string;
  desktopName?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function listAsar(asar: string): PackedFile[] {
  const files: PackedFile[] = [];
  for (const entry of listPackage(asar, { isPack: false })) {
    const path = entry.replace(/\\/g, '/').replace(/^\//, '');
    const stat = statFile(asar, path, false) as { files?: unknown; size?: number; unpacked?: boolean; link?: string };
    if (stat.files !== undefined || stat.link !== undefined) continue; // folders and links carry no bytes
    files.push({ path, size: stat.size ?? 0, unpacked: stat.unpacked === true });
  }
  return files;
}

export async function checkPackage(root: string, build: BuildMode): Promise<CheckReport> {
  const started = Date.now();
  const { appDir, executable } = await buildAndPack(root, join(root, 'release', 'pack-check'), build);
  const asar = join(appDir, 'resources', 'app.asar');
  const files = listAsar(asar);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  const problems = problemsIn(
    { files, read: (path) => extractFile(asar, path, false) },
    {
      runtimeDependencies: Object.keys(manifest.dependencies ?? {}),
      devDependencies: Object.keys(manifest.devDependencies ?? {}),
      minifiedRenderer: build === 'release',
    },
  );

  const packedManifest = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as Manifest;
  if (packedManifest.main !== 'out/main/index.js') problems.push(`packed package.json "main" is ${String(packedManifest.main)}, not out/main/index.js`);
  if (packedManifest.desktopName !== 'weft.desktop') problems.push('packed package.json lacks desktopName: weft.desktop (Linux window grouping)');

  const fuses = readFuses(readFileSync(executable));
  for (const [name, wanted] of Object.entries(REQUIRED_FUSES)) {
    const actual = fuses[name as FuseName];
    if (actual !== wanted) problems.push(`fuse ${name} is ${String(actual)}, must be ${String(wanted)}`);
  }

  // electron-updater reads this at run time; without it every update check fails.
  const updateConfig = readFileSync(join(appDir, 'resources', 'app-update.yml'), 'utf8');
  for (const line of ['provider: github', `owner: ${CHECK_REPOSITORY.owner}`, `repo: ${CHECK_REPOSITORY.repo}`]) {
    if (!updateConfig.split('\n').includes(line)) problems.push(`app-update.yml lacks "${line}"`);
  }

  return {
    problems,
    asarBytes: statSync(asar).size,
    unpackedFiles: files.filter((file) => file.unpacked).length,
    files,
    fuses,
    seconds: (Date.now() - started) / 1000,
    appDir,
  };
}

async function main(): Promise<void> {
  const flag = process.argv.find((arg) => arg.startsWith('--build='));
  const build = (flag?.slice('--build='.length) ?? 'release') as BuildMode;
  if (!['never', 'if-missing', 'release'].includes(build)) throw new Error(`--build must be never, if-missing or release, not ${build}`);
  const report = await checkPackage(join(__dirname, '..'), build);
  const mb = (report.asarBytes / 1024 / 1024).toFixed(1);
  process.stdout.write(`packed ${report.files.length} files into app.asar (${mb} MB; ${report.unpackedFiles} unpacked) in ${report.seconds.toFixed(1)} s: ${report.appDir}\n`);
  if (report.problems.length > 0) {
    process.stderr.write(`${report.problems.map((problem) => `  ✗ ${problem}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write('package check passed\n');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`check-package: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
