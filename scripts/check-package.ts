// The offline packaging check: packs the app as a release would (electron-builder.yml, Linux `dir` target,
// a stand-in Electron since none can be downloaded here) and asserts what ships: see asar-rules.ts for
// app.asar, and below for the fuses and the updater's app-update.yml. Then the same for macOS: both Mac
// apps (Intel x64, Apple silicon arm64) from one electron-builder run, each with its own processor's sharp
// binaries, and a latest-mac.yml from which each kind of Mac picks its own zip (mac-pack.ts, mac-rules.ts).
// The Mac part needs the npm registry (or npm's cache) for the darwin sharp packages.
//
//   npm run pack:check                        release build (minified), pack, check
//   npx tsx scripts/check-package.ts --build=if-missing|never
//
// Everything it writes stays in release/pack-check/ (ignored by git). test/packaging/package.test.ts and
// mac-package.test.ts run it as part of `npm test`.
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { loadBuilderConfig, type Lockfile } from './mac-arch-packages';
import { problemsIn, type PackedFile } from './package-check/asar-rules';
import { buildAndPackMac } from './package-check/mac-pack';
import { artifactNameProblems, macAppProblems, macArtifacts, updateInfoProblems } from './package-check/mac-rules';
import { MAC_FRAMEWORK_BINARY } from './package-check/mac-stand-ins';
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

/** The rules every packed app.asar obeys, whatever the OS (asar-rules.ts), plus its package.json. */
function asarProblems(root: string, asar: string, files: PackedFile[], build: BuildMode): string[] {
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
  return problems;
}

/** The fuses flipped in `binary` (the stand-in's wire, flipped by electron-builder). */
function fuseProblems(binary: string, where = ''): string[] {
  const fuses = readFuses(readFileSync(binary));
  return Object.entries(REQUIRED_FUSES)
    .filter(([name, wanted]) => fuses[name as FuseName] !== wanted)
    .map(([name, wanted]) => `${where}fuse ${name} is ${String(fuses[name as FuseName])}, must be ${String(wanted)}`);
}

/** electron-updater reads app-update.yml at run time; without it every update check fails. */
function updateConfigProblems(file: string, where = ''): string[] {
  const updateConfig = readFileSync(file, 'utf8');
  return ['provider: github', `owner: ${CHECK_REPOSITORY.owner}`, `repo: ${CHECK_REPOSITORY.repo}`]
    .filter((line) => !updateConfig.split('\n').includes(line))
    .map((line) => `${where}app-update.yml lacks "${line}"`);
}

export async function checkPackage(root: string, build: BuildMode): Promise<CheckReport> {
  const started = Date.now();
  const { appDir, executable } = await buildAndPack(root, join(root, 'release', 'pack-check'), build);
  const asar = join(appDir, 'resources', 'app.asar');
  const files = listAsar(asar);
  const problems = asarProblems(root, asar, files, build);
  const packedManifest = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as Manifest;
  if (packedManifest.desktopName !== 'weft.desktop') problems.push('packed package.json lacks desktopName: weft.desktop (Linux window grouping)');
  const fuses = readFuses(readFileSync(executable));
  problems.push(...fuseProblems(executable));
  problems.push(...updateConfigProblems(join(appDir, 'resources', 'app-update.yml')));

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

export interface PackedMacApp {
  arch: string;
  appDir: string;
  files: PackedFile[];
}

export interface MacCheckReport {
  problems: string[];
  arches: string[];
  apps: PackedMacApp[];
  /** arch -> the zip electron-updater must download on that kind of Mac. */
  zips: Record<string, string>;
  /** latest-mac.yml as electron-builder wrote it. */
  latestMac: string;
  seconds: number;
}

/** The first bytes of a file (enough for a Mach-O header). */
function head(path: string, bytes = 4096): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * The Mac release, packed offline (mac-pack.ts): per processor, the app's app.asar obeys the same rules as
 * on Linux and carries exactly its own processor's sharp binaries (mac-rules.ts); artifact names do not
 * collide and tell the processors apart; latest-mac.yml lists both zips and each kind of Mac picks its own.
 */
export async function checkMacPackages(root: string, build: BuildMode): Promise<MacCheckReport> {
  const started = Date.now();
  const packed = await buildAndPackMac(root, join(root, 'release', 'pack-check', 'mac'), build);
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Lockfile;
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const { artifacts, problems } = macArtifacts(loadBuilderConfig(root), version);
  problems.push(...artifactNameProblems(artifacts));

  const apps: PackedMacApp[] = [];
  for (const arch of packed.arches) {
    const appDir = packed.apps[arch]!;
    const resources = join(appDir, 'Contents', 'Resources');
    const asar = join(resources, 'app.asar');
    const files = listAsar(asar);
    apps.push({ arch, appDir, files });
    const where = `${arch} app: `;
    problems.push(...asarProblems(root, asar, files, build).map((problem) => where + problem));
    problems.push(...macAppProblems({ arch, files, readUnpacked: (path) => head(join(resources, 'app.asar.unpacked', path)) }, lock));
    problems.push(...fuseProblems(join(appDir, MAC_FRAMEWORK_BINARY), where));
    problems.push(...updateConfigProblems(join(resources, 'app-update.yml'), where));
  }

  const zips: Record<string, string> = {};
  for (const artifact of artifacts.filter((a) => a.target === 'zip')) {
    zips[artifact.arch] = artifact.name;
    if (!existsSync(join(packed.outputDir, artifact.name))) problems.push(`electron-builder wrote no ${artifact.name} for ${artifact.arch}`);
  }
  const latestMacPath = join(packed.outputDir, 'latest-mac.yml');
  const latestMac = existsSync(latestMacPath) ? readFileSync(latestMacPath, 'utf8') : '';
  if (latestMac === '') problems.push('electron-builder wrote no latest-mac.yml');
  else problems.push(...updateInfoProblems(latestMac, zips));

  return { problems, arches: packed.arches, apps, zips, latestMac, seconds: (Date.now() - started) / 1000 };
}

function fail(problems: string[]): never {
  process.stderr.write(`${problems.map((problem) => `  ✗ ${problem}`).join('\n')}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const flag = process.argv.find((arg) => arg.startsWith('--build='));
  const build = (flag?.slice('--build='.length) ?? 'release') as BuildMode;
  if (!['never', 'if-missing', 'release'].includes(build)) throw new Error(`--build must be never, if-missing or release, not ${build}`);
  const root = join(__dirname, '..');
  const report = await checkPackage(root, build);
  const mb = (report.asarBytes / 1024 / 1024).toFixed(1);
  process.stdout.write(`packed ${report.files.length} files into app.asar (${mb} MB; ${report.unpackedFiles} unpacked) in ${report.seconds.toFixed(1)} s: ${report.appDir}\n`);
  if (report.problems.length > 0) fail(report.problems);

  // Built just above: the Mac apps pack the same out/.
  const mac = await checkMacPackages(root, build === 'release' ? 'never' : build);
  process.stdout.write(`packed the Mac apps for ${mac.arches.join(' and ')} in ${mac.seconds.toFixed(1)} s; updates: ${Object.entries(mac.zips).map(([arch, zip]) => `${arch} -> ${zip}`).join(', ')}\n`);
  if (mac.problems.length > 0) fail(mac.problems);
  process.stdout.write('package check passed\n');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`check-package: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
