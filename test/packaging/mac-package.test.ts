// Packs both Mac apps for real, offline, on Linux (electron-builder.yml's mac zip target for x64 and arm64
// in one run, a stand-in Electron.app: see scripts/package-check/mac-pack.ts) and asserts what the release
// would ship: each app with its own processor's sharp binaries, and one latest-mac.yml from which each kind
// of Mac picks its own zip. Needs the npm registry, or npm's cache, for the darwin sharp packages.
// Takes about 10 s; everything it writes stays in release/pack-check/mac/ (ignored by git).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkMacPackages, type MacCheckReport } from '../../scripts/check-package';
import { zipPickedBy } from '../../scripts/package-check/mac-rules';

const ROOT = join(__dirname, '..', '..');
let report: MacCheckReport;

// Linux only, like package.test.ts: on the release's macOS runner electron-builder packs the real apps.
describe.skipIf(process.platform !== 'linux')('the Mac apps (electron-builder --mac, x64 and arm64, offline)', () => {
  beforeAll(async () => {
    report = await checkMacPackages(ROOT, 'if-missing');
    process.stdout.write(`mac packaging check: ${report.arches.join(' and ')} in ${report.seconds.toFixed(1)} s\n`);
  }, 240_000);

  it('are an Intel and an Apple-silicon app that pass every packaging rule', () => {
    expect(report.arches).toEqual(['arm64', 'x64']);
    expect(report.problems).toEqual([]);
  });

  it("each unpack exactly their own processor's sharp packages", () => {
    for (const { arch, appDir } of report.apps) {
      const img = readdirSync(join(appDir, 'Contents', 'Resources', 'app.asar.unpacked', 'node_modules', '@img')).sort();
      expect(img.filter((name) => name.startsWith('sharp-'))).toEqual([`sharp-darwin-${arch}`, `sharp-libvips-darwin-${arch}`]);
    }
  });

  it('come with one latest-mac.yml from which each kind of Mac downloads its own zip', () => {
    expect(report.zips).toEqual({ x64: expect.stringMatching(/-x64-mac\.zip$/), arm64: expect.stringMatching(/-arm64-mac\.zip$/) });
    expect(zipPickedBy(report.latestMac, false)).toBe(report.zips.x64);
    expect(zipPickedBy(report.latestMac, true)).toBe(report.zips.arm64);
  });
});
