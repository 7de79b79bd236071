// electron-builder.yml, read as electron-builder reads it (YAML), for what the pack check cannot see on
// Linux: the Windows installer, the macOS signing set-up, the file association on every OS. The release
// workflow is read too, for the parts that would fail only on a tag, far from here.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
// js-yaml is what electron-builder (and electron-updater, a run-time dependency) parse YAML with.
const yaml = createRequire(__filename)('js-yaml') as { load(text: string): unknown };

// A YAML document: any, read and asserted on field by field.
type Config = Record<string, any>;
const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Config;
const exists = (path: string) => existsSync(join(ROOT, path));
const targetsOf = (platform: Config) => (platform.target as Array<string | { target: string }>).map((t) => (typeof t === 'string' ? t : t.target));

describe('electron-builder.yml', () => {
  it('names the app', () => {
    expect(config).toMatchObject({ appId: 'app.weft.desktop', productName: 'Weft' });
  });

  it('flips the fuses of checklist item 19', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: false,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
    expect(config.asar).not.toBe(false); // the fuses above mean nothing without app.asar
  });

  it('packs only the built app, with sharp unpacked, and rebuilds nothing', () => {
    expect(config.files).toContain('out/**');
    expect(config.files).toContain('package.json');
    expect((config.files as string[]).some((pattern) => /^(src|test)\b/.test(pattern))).toBe(false);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/sharp/**/*', '**/node_modules/@img/**/*']));
    expect(config.npmRebuild).toBe(false);
  });

  it('registers .weft with a name, a description, icons and a MIME type', () => {
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({ ext: 'weft', name: 'Weft workflow', description: expect.any(String), mimeType: 'application/x-weft-workflow', icon: 'resources/icons/weft-file' }),
    ]);
    expect(exists('resources/icons/weft-file.ico') && exists('resources/icons/weft-file.icns')).toBe(true);
  });

  it('installs per user on Windows, with desktop and start-menu shortcuts, keeping user data on uninstall', () => {
    expect(targetsOf(config.win)).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ perMachine: false, createStartMenuShortcut: true, deleteAppDataOnUninstall: false });
    expect(config.nsis.createDesktopShortcut).toBeTruthy();
    expect(exists(config.win.icon)).toBe(true);
  });

  it('builds a dmg and a zip on macOS with the hardened runtime and only the JIT entitlement', () => {
    expect(targetsOf(config.mac)).toEqual(['dmg', 'zip']); // electron-updater updates from the zip
    expect(config.mac.hardenedRuntime).toBe(true);
    // Unset: electron-builder notarizes when the APPLE_* credentials are in the environment.
    expect(config.mac.notarize).toBeUndefined();
    expect(exists(config.mac.icon)).toBe(true);
    const plist = readFileSync(join(ROOT, config.mac.entitlements), 'utf8');
    expect([...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('builds the dmg and the zip for Intel and Apple silicon separately, not as one universal app', () => {
    for (const target of config.mac.target as Array<{ target: string; arch: string[] }>) expect([target.target, target.arch]).toEqual([target.target, ['x64', 'arm64']]);
    expect(JSON.stringify(config.mac)).not.toContain('universal');
  });

  it("packs each Mac app with only its own processor's sharp packages, from the top-level file list", () => {
    // ${arch} is the app's processor: the other processor's @img/sharp-*darwin-* packages stay out.
    expect(config.files).toContain('!**/node_modules/@img/sharp-*darwin-!(${arch}){,/**/*}');
    // A mac `files` list of exclusions alone makes electron-builder 26 pack the whole project folder.
    expect(config.mac.files).toBeUndefined();
  });

  it('builds an AppImage and a deb on Linux with every icon size', () => {
    expect(targetsOf(config.linux)).toEqual(['AppImage', 'deb']);
    expect(config.linux).toMatchObject({ executableName: 'weft', category: 'Graphics', maintainer: expect.stringMatching(/<.+@.+>/) });
    for (const size of [16, 32, 48, 64, 128, 256, 512]) expect(exists(`${config.linux.icon}/${size}x${size}.png`)).toBe(true);
    expect(config.extraMetadata).toEqual({ desktopName: `${config.linux.executableName}.desktop` });
  });

  it('publishes to GitHub releases', () => {
    expect(config.publish).toMatchObject({ provider: 'github' });
  });
});

describe('.github/workflows/release.yml', () => {
  const workflow = yaml.load(readFileSync(join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8')) as Config;
  const job = workflow.jobs.build as Config;
  const steps = job.steps as Config[];
  const run = steps.map((step) => String(step.run ?? '')).join('\n');

  it('runs on version tags, on the three operating systems', () => {
    expect(workflow.on).toEqual({ push: { tags: ['v*'] } });
    expect(job.strategy.matrix.os).toEqual(['windows-latest', 'macos-latest', 'ubuntu-latest']);
    expect(job.permissions).toEqual({ contents: 'write' });
  });

  it('creates the draft release once, before the three builds upload into it', () => {
    expect(job.needs).toBe('draft');
    expect(String(workflow.jobs.draft.steps.map((step: Config) => step.run ?? '').join('\n'))).toContain('gh release create "$GITHUB_REF_NAME" --draft');
  });

  it("adds the other Mac processor's sharp packages on macOS, after the tests and before building", () => {
    const at = (text: string) => steps.findIndex((step) => String(step.run ?? '').includes(text));
    const add = steps[at('scripts/mac-arch-packages.ts')];
    expect(add).toMatchObject({ if: "runner.os == 'macOS'", run: 'npx tsx scripts/mac-arch-packages.ts' });
    expect(at('scripts/mac-arch-packages.ts')).toBeGreaterThan(at('npm test'));
    expect(at('scripts/mac-arch-packages.ts')).toBeLessThan(at('npm run dist'));
    expect(job.strategy.matrix.os.filter((os: string) => os.startsWith('macos'))).toHaveLength(1); // one job: one latest-mac.yml
  });

  it('lets electron-builder.yml choose the processors (no arch flag on the build)', () => {
    const dist = steps.find((step) => String(step.run ?? '').includes('npm run dist'))!;
    expect(String(dist.run)).not.toMatch(/--(x64|arm64|ia32|armv7l|universal)\b/);
  });

  it('tests, then builds and publishes with the release token and the signing secrets', () => {
    expect(run.indexOf('npm test')).toBeGreaterThan(run.indexOf('npm ci'));
    expect(run.indexOf('npm run dist')).toBeGreaterThan(run.indexOf('npm test'));
    expect(run).toContain('--publish always');
    const publish = steps.find((step) => String(step.run ?? '').includes('npm run dist'))!;
    expect(Object.keys(publish.env)).toEqual(expect.arrayContaining(['GH_TOKEN', 'CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID']));
  });
});
