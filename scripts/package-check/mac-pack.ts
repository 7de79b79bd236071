// Packs the two Mac apps (Intel x64 and Apple silicon arm64) offline, on Linux, the way the release does on
// its macOS runner: one electron-builder run with electron-builder.yml's mac targets and arch lists, from a
// node_modules holding both processors' sharp packages (added by scripts/mac-arch-packages.ts, as the
// release workflow does). What cannot happen here is replaced, and only that:
//   - Electron.app is a stand-in (mac-stand-ins.ts): nothing here can download Electron;
//   - the dmg target is left out (only macOS can make a dmg) and 7-Zip is a stand-in that writes a
//     placeholder zip (electron-builder downloads its 7-Zip, which cannot happen here). The zip's name, its
//     block map and latest-mac.yml are still electron-builder's own;
//   - nothing is signed or notarized (electron-builder cannot sign on Linux and does not try).
// The project is staged in <workDir>/project: package.json, the lock, out/ copied, and resources/, build/
// and node_modules hard-linked, with node_modules cut down to what `npm ci` leaves on a Mac (no package
// pinned to another OS) before the Mac packages are added. The real tree is never written to. The staged
// project is removed once packed; the apps, zips and latest-mac.yml stay in <workDir>/out.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addMacArchPackages, loadBuilderConfig, macArches, type Lockfile, type PlatformPackage } from '../mac-arch-packages';
import { REQUIRED_FILES } from './asar-rules';
import { createStandIn7za, createStandInMacElectron } from './mac-stand-ins';
import { buildForRelease, CHECK_REPOSITORY, withBuildLock, type BuildMode } from './pack';

export interface MacPacked {
  arches: string[];
  /** Where electron-builder wrote: the zips, latest-mac.yml, one folder per processor. */
  outputDir: string;
  /** arch -> the packed Weft.app. */
  apps: Record<string, string>;
  /** What scripts/mac-arch-packages.ts had to add (both processors' packages, on Linux). */
  added: PlatformPackage[];
}

/** Builds out/ as `build` asks, as pack.ts does. */
function ensureBuilt(root: string, build: BuildMode): void {
  const missing = REQUIRED_FILES.filter((file) => file !== 'package.json' && !existsSync(join(root, file)));
  if (build === 'release' || (build === 'if-missing' && missing.length > 0)) buildForRelease(root);
  else if (missing.length > 0) throw new Error(`not built (missing ${missing.join(', ')}): run npm run build`);
}

/** Hard-links a tree (copies where a link cannot be made): a few hundred ms for node_modules. */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) linkTree(source, target);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
    }
  }
}

/** What `npm ci` would not install on a Mac: every package the lock pins to other operating systems. */
function dropOtherSystems(project: string, lock: Lockfile): void {
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path.startsWith('node_modules/') && entry.os !== undefined && !entry.os.includes('darwin')) rmSync(join(project, path), { recursive: true, force: true });
  }
}

/** electron-builder.yml as the release reads it, with only what cannot run here changed (see the top). */
function macCheckConfig(root: string, electronDist: string, outputDir: string): Record<string, any> {
  const config = loadBuilderConfig(root);
  const targets = (config.mac?.target ?? []) as Array<string | { target: string }>;
  const zips = targets.filter((target) => (typeof target === 'string' ? target : target.target) === 'zip');
  if (zips.length === 0) throw new Error('electron-builder.yml has no mac zip target (electron-updater updates Macs from the zip)');
  return {
    ...config,
    electronDist,
    directories: { ...config.directories, output: outputDir },
    publish: { ...config.publish, owner: CHECK_REPOSITORY.owner, repo: CHECK_REPOSITORY.repo },
    mac: { ...config.mac, target: zips, identity: null, notarize: false },
  };
}

/** Stages the project, adds the Mac packages and packs both Mac apps. Linux (and macOS) only. */
export async function buildAndPackMac(root: string, workDir: string, build: BuildMode, log: (line: string) => void = () => {}): Promise<MacPacked> {
  const project = join(workDir, 'project');
  const outputDir = join(workDir, 'out');
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(root, file), join(project, file));
  for (const dir of ['resources', 'build', 'node_modules']) if (existsSync(join(root, dir))) linkTree(join(root, dir), join(project, dir));
  const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as Lockfile;
  dropOtherSystems(project, lock);
  const arches = macArches(loadBuilderConfig(root));
  const added = addMacArchPackages(project, arches, log);
  // The lock only while out/ is built and copied: a rebuild of out/ after that cannot reach the copy.
  await withBuildLock(root, () => {
    ensureBuilt(root, build);
    cpSync(join(root, 'out'), join(project, 'out'), { recursive: true });
  });

  const config = join(workDir, 'electron-builder.mac-check.json');
  writeFileSync(config, JSON.stringify(macCheckConfig(root, createStandInMacElectron(join(workDir, 'electron-stand-in')), outputDir), null, 2));
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-builder', 'cli.js'), '--mac', '--projectDir', project, '--config', config, '--publish', 'never'], {
    cwd: project,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      ELECTRON_BUILDER_CACHE: join(workDir, 'cache'),
      ELECTRON_BUILDER_7ZIP_PATH: createStandIn7za(join(workDir, '7za')),
      CSC_IDENTITY_AUTO_DISCOVERY: 'false',
    },
  });
  if (result.status !== 0) throw new Error(`electron-builder --mac failed (exit ${result.status ?? result.signal}):\n${`${result.stdout}${result.stderr}`.split('\n').slice(-40).join('\n')}`);

  // electron-builder's folder per processor: mac/ for x64 (its default arch), mac-<arch>/ for the others.
  const apps: Record<string, string> = {};
  for (const arch of arches) {
    const app = join(outputDir, arch === 'x64' ? 'mac' : `mac-${arch}`, 'Weft.app');
    if (!existsSync(app) || !lstatSync(app).isDirectory()) throw new Error(`electron-builder wrote no ${app} for ${arch}`);
    apps[arch] = app;
  }
  rmSync(project, { recursive: true, force: true }); // kept only when packing failed, to look into
  return { arches, outputDir, apps, added };
}
