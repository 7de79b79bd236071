// Packs the app for real (electron-builder, Linux `dir` target, a stand-in Electron: see
// scripts/check-package.ts) and asserts what ships. Builds first only if out/ is missing (CI builds
// before testing); `npm run pack:check` does the same from a fresh, minified release build.
// Takes about 10 s; everything it writes stays in release/pack-check/ (ignored by git).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPackage, REQUIRED_FUSES, type CheckReport } from '../../scripts/check-package';

const ROOT = join(__dirname, '..', '..');
let report: CheckReport;

// Linux only: it packs the Linux `dir` target with Linux's sharp binaries. Release CI packs the real
// installers on every OS right after the tests.
describe.skipIf(process.platform !== 'linux')('the packaged app (electron-builder --linux dir, offline)', () => {
  beforeAll(async () => {
    report = await checkPackage(ROOT, 'if-missing');
    process.stdout.write(`packaging check: app.asar ${(report.asarBytes / 1024 / 1024).toFixed(1)} MB, ${report.files.length} files, ${report.seconds.toFixed(1)} s\n`);
  }, 240_000);

  it('holds the built app and its run-time dependencies, and no tests, sources, maps, dev dependencies or secrets', () => {
    expect(report.problems).toEqual([]);
  });

  it('has the fuses of checklist item 19 flipped by electron-builder.yml', () => {
    expect(report.fuses).toMatchObject(REQUIRED_FUSES);
    expect(report.fuses).toMatchObject({ RunAsNode: false, EnableNodeOptionsEnvironmentVariable: false, EnableNodeCliInspectArguments: false, EnableEmbeddedAsarIntegrityValidation: true, OnlyLoadAppFromAsar: true });
  });

  it('puts nothing beside app.asar but the unpacked native code and the updater config', () => {
    expect(readdirSync(join(report.appDir, 'resources')).sort()).toEqual(['app-update.yml', 'app.asar', 'app.asar.unpacked']);
    const unpacked = report.files.filter((file) => file.unpacked).map((file) => file.path);
    expect(unpacked.every((path) => /^node_modules\/(sharp|@img\/[^/]+)\//.test(path))).toBe(true);
  });

  it('stays small: the renderer libraries are bundled, not shipped as packages', () => {
    // 5.3 MB minified, 6.5 MB not (November 2026); a devDependency slipping in would add tens of MB.
    expect(report.asarBytes).toBeLessThan(15 * 1024 * 1024);
  });
});
