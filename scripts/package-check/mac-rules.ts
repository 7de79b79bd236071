// What the two Mac apps (Intel x64 and Apple-silicon arm64, built by one electron-builder run) must be, as
// pure rules: unit-tested on made-up inputs in test/packaging/mac-rules.test.ts and applied to a real Mac
// pack (made on Linux with a stand-in Electron.app) by scripts/package-check/mac-pack.ts.
import { createRequire } from 'node:module';
import type { PackedFile } from './asar-rules';
import { allPlatformPackages, platformPackages, type Lockfile } from '../mac-arch-packages';

const load = createRequire(__filename);
const yaml = load('js-yaml') as { load(text: string): unknown };

// ---------------------------------------------------------------------------------------------------------
// Artifact names

export interface MacArtifact {
  target: string;
  arch: string;
  name: string;
}

type Config = Record<string, any>;

/**
 * The file each mac target writes for each processor, named as electron-builder 26 names it: the target's
 * own artifactName (dmg.artifactName), else mac.artifactName, else the top-level one. Problems for a target
 * with no pattern of ours (electron-builder's defaults differ per target) or a macro not known here.
 */
export function macArtifacts(config: Config, version: string): { artifacts: MacArtifact[]; problems: string[] } {
  const artifacts: MacArtifact[] = [];
  const problems: string[] = [];
  const targets = (config.mac?.target ?? []) as Array<string | { target: string; arch?: string | string[] }>;
  for (const entry of targets) {
    const target = typeof entry === 'string' ? entry : entry.target;
    const arches = typeof entry === 'string' || entry.arch === undefined ? [] : Array.isArray(entry.arch) ? entry.arch : [entry.arch];
    const pattern = (config[target]?.artifactName ?? config.mac?.artifactName ?? config.artifactName) as string | undefined;
    if (pattern === undefined) {
      problems.push(`mac target ${target} has no artifactName (dmg.artifactName or mac.artifactName)`);
      continue;
    }
    for (const arch of arches) {
      const macros: Record<string, string> = { productName: String(config.productName), version, arch, ext: target, os: 'mac' };
      const name = pattern.replace(/\$\{([^}]+)\}/g, (whole, macro: string) => {
        if (macros[macro] !== undefined) return macros[macro];
        problems.push(`mac target ${target}: artifactName macro ${whole} is not one this check knows`);
        return whole;
      });
      artifacts.push({ target, arch, name });
    }
  }
  return { artifacts, problems };
}

/**
 * Each processor's files must be apart: two arches writing one name would overwrite each other in the
 * release. And electron-updater's MacUpdater tells them apart by name only: "arm64" in the file name is the
 * Apple-silicon build, its absence the Intel (or universal) one.
 */
export function artifactNameProblems(artifacts: readonly MacArtifact[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, MacArtifact>();
  for (const artifact of artifacts) {
    const other = seen.get(artifact.name);
    if (other) problems.push(`${artifact.target} for ${artifact.arch} and ${other.target} for ${other.arch} are both named ${artifact.name}`);
    seen.set(artifact.name, artifact);
    const saysArm64 = artifact.name.includes('arm64');
    if (artifact.arch === 'arm64' && !saysArm64) problems.push(`the arm64 ${artifact.target} ${artifact.name} does not say arm64: Apple-silicon Macs would not find their update`);
    if (artifact.arch !== 'arm64' && saysArm64) problems.push(`the ${artifact.arch} ${artifact.target} ${artifact.name} says arm64: Intel Macs would skip it`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// What each app packs

const CPU_TYPE: Record<string, number> = { x64: 0x01000007, arm64: 0x0100000c };
const CPU_NAME = new Map(Object.entries(CPU_TYPE).map(([arch, type]) => [type, arch]));

/** The processors a Mach-O file is for (thin or fat), or undefined when it is not Mach-O. */
export function machOArches(bytes: Buffer): string[] | undefined {
  if (bytes.length < 8) return undefined;
  const name = (type: number) => CPU_NAME.get(type) ?? `cputype 0x${type.toString(16)}`;
  if (bytes.readUInt32LE(0) === 0xfeedfacf || bytes.readUInt32LE(0) === 0xfeedface) return [name(bytes.readUInt32LE(4))];
  if (bytes.readUInt32BE(0) === 0xcafebabe) {
    const count = bytes.readUInt32BE(4);
    return Array.from({ length: count }, (_, i) => (8 + i * 20 + 4 <= bytes.length ? name(bytes.readUInt32BE(8 + i * 20)) : '?'));
  }
  return undefined;
}

export interface MacApp {
  arch: string;
  /** app.asar's listing (unpacked files included, flagged). */
  files: readonly PackedFile[];
  /** The first bytes of a file of app.asar.unpacked, by its path in the listing. */
  readUnpacked(path: string): Buffer;
}

/**
 * The app for `arch` packs exactly the platform packages npm installs on a Mac with that processor (sharp's
 * two), none for another processor or OS, and their native files are Mach-O for that processor.
 */
export function macAppProblems(app: MacApp, lock: Lockfile): string[] {
  const problems: string[] = [];
  const packed = (path: string) => app.files.some((file) => file.path.startsWith(`${path}/`));
  const wanted = platformPackages(lock, 'darwin', app.arch);
  if (wanted.length === 0) problems.push(`package-lock.json has no darwin-${app.arch} package (sharp's @img/sharp-darwin-${app.arch})`);
  for (const pkg of wanted) {
    if (!packed(pkg.path)) problems.push(`the ${app.arch} app lacks ${pkg.name} (sharp cannot load without it)`);
  }
  const wantedPaths = new Set(wanted.map((pkg) => pkg.path));
  for (const pkg of allPlatformPackages(lock)) {
    if (!wantedPaths.has(pkg.path) && packed(pkg.path)) problems.push(`the ${app.arch} app packs ${pkg.name}, which is not for darwin-${app.arch}`);
  }
  for (const file of app.files) {
    if (![...wantedPaths].some((path) => file.path.startsWith(`${path}/`)) || !/\.(node|dylib)$/.test(file.path) || !file.unpacked) continue;
    const arches = machOArches(app.readUnpacked(file.path));
    if (arches === undefined) problems.push(`${file.path} in the ${app.arch} app is not Mach-O`);
    else if (!arches.includes(app.arch)) problems.push(`${file.path} in the ${app.arch} app is for ${arches.join(', ')}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// What electron-updater picks

interface ResolvedFile {
  url: URL;
  info: { url: string };
}
interface UpdaterInternals {
  MacUpdater: { filterFilesForArch(files: ResolvedFile[], isArm64Mac: boolean): ResolvedFile[] };
  findFile(files: ResolvedFile[], extension: string, not?: string[]): ResolvedFile | null | undefined;
  resolveFiles(updateInfo: unknown, baseUrl: URL): ResolvedFile[];
}

/**
 * The zip an installed copy downloads from this latest-mac.yml, decided by electron-updater's own code (the
 * version Weft ships): MacUpdater.filterFilesForArch, then the first zip, as MacUpdater.doDownloadUpdate does.
 * `isArm64Mac` is what MacUpdater works out from process.arch, `uname` and Rosetta's sysctl. Undefined
 * when that Mac would find no zip (its update fails).
 */
export function zipPickedBy(latestMac: string, isArm64Mac: boolean): string | undefined {
  const { MacUpdater } = load('electron-updater/out/MacUpdater') as Pick<UpdaterInternals, 'MacUpdater'>;
  const { findFile, resolveFiles } = load('electron-updater/out/providers/Provider') as Pick<UpdaterInternals, 'findFile' | 'resolveFiles'>;
  const files = resolveFiles(yaml.load(latestMac), new URL('https://github.com/owner/repo/releases/download/v0.0.0/'));
  try {
    return findFile(MacUpdater.filterFilesForArch(files, isArm64Mac), 'zip', ['pkg', 'dmg'])?.info.url;
  } catch {
    return undefined; // "No files provided": the update fails on that Mac
  }
}

/** latest-mac.yml lists each processor's zip, and each kind of Mac picks its own. */
export function updateInfoProblems(latestMac: string, zipByArch: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  const info = yaml.load(latestMac) as { files?: Array<{ url: string }> };
  const listed = (info.files ?? []).map((file) => file.url);
  for (const [arch, zip] of Object.entries(zipByArch)) {
    if (!listed.includes(zip)) problems.push(`latest-mac.yml does not list the ${arch} zip ${zip} (it lists ${listed.join(', ') || 'nothing'})`);
  }
  const picks: Array<[mac: string, arch: string, isArm64Mac: boolean]> = [
    ['an Intel Mac', 'x64', false],
    ['an Apple-silicon Mac', 'arm64', true],
  ];
  for (const [mac, arch, isArm64Mac] of picks) {
    const wanted = zipByArch[arch];
    if (wanted === undefined) continue;
    const picked = zipPickedBy(latestMac, isArm64Mac);
    if (picked !== wanted) problems.push(`${mac} would download ${picked ?? 'no zip'}, not ${wanted}`);
  }
  return problems;
}
