// `npx tsx scripts/mac-arch-packages.ts`: puts into node_modules the native packages of every Mac processor
// electron-builder.yml builds for (x64 and arm64), beside the ones `npm ci` installed for this machine.
// The release workflow runs it on its macOS runner before `npm run dist`; so does scripts/dist.ts on a Mac.
//
// Why it is needed: the release builds the Intel and the Apple-silicon app in one electron-builder run (one
// latest-mac.yml must list both zips, see electron-builder.yml), from one node_modules. `npm ci` installs
// only this machine's optional platform packages: sharp's @img/sharp-darwin-arm64 and
// @img/sharp-libvips-darwin-arm64 on an Apple-silicon runner, not the x64 ones. And npm cannot hold both in
// one tree: sharp's documented cross-platform install, `npm install --os=darwin --cpu=x64`, *replaces* the
// arm64 packages instead of adding to them (npm 11.19, tried: "added 2 packages, and removed 2"); and npm
// refuses a platform package named outright for another processor (EBADPLATFORM).
//
// So for each missing package, npm installs the package that declares it (sharp, at its locked version) for
// that os and cpu into a scratch folder, which is the documented way; each wanted package is then checked
// against package-lock.json (same version, same integrity hash, so exactly what `npm ci` would have
// installed on such a Mac) and copied into node_modules. electron-builder.yml's mac.files then packs each app
// with its own processor's copy only; scripts/package-check/mac-rules.ts checks that.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** package-lock.json (lockfileVersion 2 or 3), as far as this reads it. */
export interface LockEntry {
  version?: string;
  integrity?: string;
  os?: string[];
  cpu?: string[];
  dev?: boolean;
  optional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}
export interface Lockfile {
  packages: Record<string, LockEntry>;
}

/** A package npm installs only on some os/cpu: its place in node_modules and what the lock pins. */
export interface PlatformPackage {
  /** Where it is installed, relative to the project: `node_modules/@img/sharp-darwin-x64`. */
  path: string;
  name: string;
  version: string;
  integrity?: string;
}

/** The processors electron-builder.yml lists for the mac targets, e.g. ['arm64', 'x64']. */
export function macArches(config: { mac?: { target?: unknown } }): string[] {
  const targets = Array.isArray(config.mac?.target) ? (config.mac.target as unknown[]) : [config.mac?.target];
  const arches = new Set<string>();
  for (const target of targets) {
    const arch = (target as { arch?: unknown } | undefined)?.arch;
    const name = typeof target === 'string' ? target : String((target as { target?: unknown } | undefined)?.target);
    // A target without its own list builds for the machine's processor only: never what a release wants.
    if (arch === undefined) throw new Error(`electron-builder.yml: mac target ${name} has no arch list`);
    for (const one of Array.isArray(arch) ? arch : [arch]) arches.add(String(one));
  }
  return [...arches].sort();
}

export const packageName = (path: string): string => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

/**
 * The packages of the packaged app (not development ones) that npm installs only on `os` with `cpu`, as the
 * lock lists them: for darwin/x64, sharp's @img/sharp-darwin-x64 and @img/sharp-libvips-darwin-x64.
 */
export function platformPackages(lock: Lockfile, os: string, cpu: string): PlatformPackage[] {
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path.startsWith('node_modules/') && entry.dev !== true && entry.os?.includes(os) === true && entry.cpu?.includes(cpu) === true)
    .map(([path, entry]) => ({ path, name: packageName(path), version: entry.version ?? '', integrity: entry.integrity }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** Every package the lock pins to some os or cpu: none may reach an app built for another one. */
export function allPlatformPackages(lock: Lockfile): PlatformPackage[] {
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path.startsWith('node_modules/') && (entry.os !== undefined || entry.cpu !== undefined))
    .map(([path, entry]) => ({ path, name: packageName(path), version: entry.version ?? '', integrity: entry.integrity }));
}

function installedVersion(root: string, pkg: PlatformPackage): string | undefined {
  const manifest = join(root, pkg.path, 'package.json');
  if (!existsSync(manifest)) return undefined;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
}

/** What `root` lacks for the given Mac processors: arch -> packages missing (or at another version). */
export function missingMacPackages(root: string, lock: Lockfile, arches: readonly string[]): Map<string, PlatformPackage[]> {
  const missing = new Map<string, PlatformPackage[]>();
  for (const arch of arches) {
    const lacking = platformPackages(lock, 'darwin', arch).filter((pkg) => installedVersion(root, pkg) !== pkg.version);
    if (lacking.length > 0) missing.set(arch, lacking);
  }
  return missing;
}

/** The production packages that declare any of `wanted` (sharp for sharp's binaries), as name@version. */
export function declaringPackages(lock: Lockfile, wanted: readonly PlatformPackage[]): string[] {
  const names = new Set(wanted.map((pkg) => pkg.name));
  const specs = new Set<string>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.startsWith('node_modules/') || entry.dev === true || entry.cpu !== undefined || entry.os !== undefined) continue;
    const declared = Object.keys({ ...entry.dependencies, ...entry.optionalDependencies });
    if (declared.some((name) => names.has(name))) specs.add(`${packageName(path)}@${entry.version ?? ''}`);
  }
  return [...specs].sort();
}

function npm(args: string[], cwd: string): void {
  const result = spawnSync('npm', args, { cwd, encoding: 'utf8', shell: process.platform === 'win32', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${result.status ?? result.signal}):\n${`${result.stdout ?? ''}${result.stderr ?? ''}`.slice(-4000)}`);
}

/**
 * Installs into `root`/node_modules whatever the Mac processors `arches` need and `root` lacks (see the top of
 * this file). Returns what it added. Needs the npm registry (or npm's cache) unless nothing is missing.
 */
export function addMacArchPackages(root: string, arches: readonly string[], log: (line: string) => void = () => {}): PlatformPackage[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Lockfile;
  const added: PlatformPackage[] = [];
  for (const [arch, wanted] of missingMacPackages(root, lock, arches)) {
    const specs = declaringPackages(lock, wanted);
    if (specs.length === 0) throw new Error(`no package in package-lock.json declares ${wanted.map((pkg) => pkg.name).join(', ')}`);
    const scratch = mkdtempSync(join(tmpdir(), `weft-darwin-${arch}-`));
    try {
      log(`darwin-${arch}: npm install --os=darwin --cpu=${arch} ${specs.join(' ')} (into a scratch folder) for ${wanted.map((pkg) => `${pkg.name}@${pkg.version}`).join(', ')}`);
      npm(['install', '--prefix', scratch, '--os=darwin', `--cpu=${arch}`, '--no-package-lock', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', ...specs], scratch);
      // npm's record of what it installed there, with the integrity of each tarball it verified.
      const installed = JSON.parse(readFileSync(join(scratch, 'node_modules', '.package-lock.json'), 'utf8')) as Lockfile;
      for (const pkg of wanted) {
        const found = Object.entries(installed.packages).find(([path, entry]) => packageName(path) === pkg.name && entry.version === pkg.version);
        if (!found) throw new Error(`npm did not install ${pkg.name}@${pkg.version} for darwin-${arch}`);
        const [from, entry] = found;
        if (pkg.integrity !== undefined && entry.integrity !== pkg.integrity) {
          throw new Error(`${pkg.name}@${pkg.version}: integrity ${String(entry.integrity)} differs from package-lock.json's ${pkg.integrity}`);
        }
        rmSync(join(root, pkg.path), { recursive: true, force: true });
        cpSync(join(scratch, from), join(root, pkg.path), { recursive: true, verbatimSymlinks: true });
        added.push(pkg);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const still = missingMacPackages(root, lock, arches);
  if (still.size > 0) throw new Error(`still missing: ${[...still.values()].flat().map((pkg) => pkg.name).join(', ')}`);
  return added;
}

/** Reads electron-builder.yml with js-yaml, the parser electron-builder itself uses. */
export function loadBuilderConfig(root: string): Record<string, any> {
  const yaml = createRequire(__filename)('js-yaml') as { load(text: string): unknown };
  return yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
}

if (require.main === module) {
  try {
    const root = join(__dirname, '..');
    const arches = macArches(loadBuilderConfig(root));
    const added = addMacArchPackages(root, arches, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write(added.length === 0 ? `native packages for darwin ${arches.join(' and ')}: all present\n` : `added ${added.map((pkg) => `${pkg.name}@${pkg.version}`).join(', ')}\n`);
  } catch (error) {
    process.stderr.write(`mac-arch-packages: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
