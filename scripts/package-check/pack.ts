// Builds the app (when asked) and packs it with electron-builder's Linux `dir` target against the stand-in
// Electron: the same config and the same file selection as a real release, offline, in seconds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REQUIRED_FILES } from './asar-rules';
import { createStandInElectron } from './stand-in-electron';

export type BuildMode = 'never' | 'if-missing' | 'release';

/** The repository electron-builder writes into app-update.yml here (CI takes it from the git remote). */
export const CHECK_REPOSITORY = { owner: 'weft-pack-check', repo: 'weft' };

/**
 * The lock test/browser/build-renderer.ts holds while it rebuilds out/renderer. Holding it while we build
 * and pack (or copy out/, as mac-pack.ts does) means neither side packs or serves a half-written out/ when
 * test files run in parallel.
 */
export async function withBuildLock<T>(root: string, work: () => T): Promise<T> {
  const lock = join(root, 'node_modules', '.tmp', 'renderer-build.lock');
  mkdirSync(join(root, 'node_modules', '.tmp'), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) rmSync(lock, { recursive: true, force: true }); // left by a build that died
      if (Date.now() > deadline) throw new Error('timed out waiting for another build of out/');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function run(root: string, args: string[], env: NodeJS.ProcessEnv, what: string): void {
  const result = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n').slice(-40).join('\n');
    throw new Error(`${what} failed (exit ${result.status ?? result.signal}):\n${output}`);
  }
}

/** The release build: electron.vite.config.ts minifies the renderer when WEFT_RELEASE=1. */
export function buildForRelease(root: string): void {
  run(root, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { ...process.env, WEFT_RELEASE: '1', NODE_ENV: 'production' }, 'electron-vite build');
}

export interface Packed {
  /** linux-unpacked: the executable, resources/app.asar, resources/app.asar.unpacked, app-update.yml. */
  appDir: string;
  executable: string;
}

export async function buildAndPack(root: string, workDir: string, build: BuildMode): Promise<Packed> {
  return withBuildLock(root, () => {
    const missing = REQUIRED_FILES.filter((file) => file !== 'package.json' && !existsSync(join(root, file)));
    if (build === 'release' || (build === 'if-missing' && missing.length > 0)) buildForRelease(root);
    else if (missing.length > 0) throw new Error(`not built (missing ${missing.join(', ')}): run npm run build`);

    const outputDir = join(workDir, 'out');
    rmSync(outputDir, { recursive: true, force: true });
    const electronDist = createStandInElectron(join(workDir, 'electron-stand-in'));
    run(
      root,
      [
        join(root, 'node_modules', 'electron-builder', 'cli.js'),
        '--linux',
        'dir',
        '--config',
        'electron-builder.yml',
        '--publish',
        'never',
        `-c.electronDist=${electronDist}`,
        `-c.directories.output=${outputDir}`,
        `-c.publish.owner=${CHECK_REPOSITORY.owner}`,
        `-c.publish.repo=${CHECK_REPOSITORY.repo}`,
      ],
      // Whatever electron-builder would cache stays in the (ignored) work folder, not in ~/.cache.
      { ...process.env, ELECTRON_BUILDER_CACHE: join(workDir, 'cache'), CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
      'electron-builder --linux dir',
    );
    const unpacked = readdirSync(outputDir).find((name) => /^linux(-[a-z0-9]+)?-unpacked$/.test(name));
    if (!unpacked) throw new Error(`electron-builder wrote no linux-*-unpacked folder in ${outputDir}`);
    const appDir = join(outputDir, unpacked);
    return { appDir, executable: join(appDir, 'weft') };
  });
}
