// The Mac release's rules, on the real electron-builder.yml and package-lock.json and on made-up inputs
// that each rule must catch: which native packages each Mac processor needs and who declares them, which
// ones a scratch root lacks, artifact names, what each app may pack, and the zip electron-updater picks.
// The real two-processor pack is checked in mac-package.test.ts.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { declaringPackages, loadBuilderConfig, macArches, missingMacPackages, platformPackages, type Lockfile } from '../../scripts/mac-arch-packages';
import type { PackedFile } from '../../scripts/package-check/asar-rules';
import { artifactNameProblems, machOArches, macAppProblems, macArtifacts, updateInfoProblems, zipPickedBy } from '../../scripts/package-check/mac-rules';

const ROOT = join(__dirname, '..', '..');
const config = loadBuilderConfig(ROOT);
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lockfile;
const sharpVersion = lock.packages['node_modules/sharp']!.version!;
const names = (arch: string) => platformPackages(lock, 'darwin', arch).map((pkg) => pkg.name);

describe('the Mac processors and their native packages', () => {
  it('electron-builder.yml builds every mac target for Intel and Apple silicon', () => {
    expect(macArches(config)).toEqual(['arm64', 'x64']);
    expect(() => macArches({ mac: { target: [{ target: 'zip', arch: ['x64'] }, 'dmg'] } })).toThrow(/mac target dmg has no arch list/);
  });

  it("each processor needs sharp's two packages for it, and no development package", () => {
    expect(names('x64')).toEqual(['@img/sharp-darwin-x64', '@img/sharp-libvips-darwin-x64']);
    expect(names('arm64')).toEqual(['@img/sharp-darwin-arm64', '@img/sharp-libvips-darwin-arm64']);
    // esbuild, rolldown, lightningcss... have darwin packages too, but only for development.
    expect(Object.values(lock.packages).some((entry) => entry.dev === true && entry.os?.includes('darwin'))).toBe(true);
  });

  it('finds the package that declares them, at its locked version: what npm installs for another processor', () => {
    expect(declaringPackages(lock, platformPackages(lock, 'darwin', 'x64'))).toEqual([`sharp@${sharpVersion}`]);
  });

  describe('what a machine lacks', () => {
    let root: string | undefined;
    afterEach(() => root && rmSync(root, { recursive: true, force: true }));

    function machineWith(installed: Record<string, string>): string {
      root = mkdtempSync(join(tmpdir(), 'weft-mac-arch-'));
      for (const [name, version] of Object.entries(installed)) {
        mkdirSync(join(root, 'node_modules', name), { recursive: true });
        writeFileSync(join(root, 'node_modules', name, 'package.json'), JSON.stringify({ name, version }));
      }
      return root;
    }
    const lacking = (machine: string) => Object.fromEntries([...missingMacPackages(machine, lock, ['arm64', 'x64'])].map(([arch, pkgs]) => [arch, pkgs.map((pkg) => pkg.name)]));
    const arm64Runner = () => Object.fromEntries(platformPackages(lock, 'darwin', 'arm64').map((pkg) => [pkg.name, pkg.version]));

    it('an Apple-silicon runner after npm ci lacks the Intel packages only', () => {
      expect(lacking(machineWith(arm64Runner()))).toEqual({ x64: names('x64') });
    });

    it('a package at another version than the lock counts as missing', () => {
      const stale = { ...arm64Runner(), '@img/sharp-darwin-arm64': '0.0.1' };
      expect(lacking(machineWith(stale))).toEqual({ arm64: ['@img/sharp-darwin-arm64'], x64: names('x64') });
    });

    it('a machine with both lacks nothing', () => {
      const both = Object.fromEntries([...platformPackages(lock, 'darwin', 'arm64'), ...platformPackages(lock, 'darwin', 'x64')].map((pkg) => [pkg.name, pkg.version]));
      expect(lacking(machineWith(both))).toEqual({});
    });
  });
});

describe('Mac artifact names', () => {
  it('name four distinct files, the arm64 ones saying so and the Intel ones not', () => {
    const { artifacts, problems } = macArtifacts(config, '1.2.3');
    expect(problems).toEqual([]);
    expect(artifacts.map((a) => `${a.target}/${a.arch}: ${a.name}`)).toEqual([
      'dmg/x64: Weft-1.2.3-x64.dmg',
      'dmg/arm64: Weft-1.2.3-arm64.dmg',
      'zip/x64: Weft-1.2.3-x64-mac.zip',
      'zip/arm64: Weft-1.2.3-arm64-mac.zip',
    ]);
    expect(artifactNameProblems(artifacts)).toEqual([]);
  });

  it('catch a name without the processor, a wrong arm64 marking and a missing pattern', () => {
    const noArch = { productName: 'Weft', mac: { target: [{ target: 'zip', arch: ['x64', 'arm64'] }], artifactName: 'Weft-${version}-mac.${ext}' } };
    expect(artifactNameProblems(macArtifacts(noArch, '1.0.0').artifacts)).toEqual([
      'zip for arm64 and zip for x64 are both named Weft-1.0.0-mac.zip',
      'the arm64 zip Weft-1.0.0-mac.zip does not say arm64: Apple-silicon Macs would not find their update',
    ]);
    const misleading = { productName: 'Weft', mac: { target: [{ target: 'zip', arch: ['x64'] }], artifactName: 'Weft-arm64-compatible-${arch}.${ext}' } };
    expect(artifactNameProblems(macArtifacts(misleading, '1.0.0').artifacts)).toEqual(['the x64 zip Weft-arm64-compatible-x64.zip says arm64: Intel Macs would skip it']);
    expect(macArtifacts({ mac: { target: [{ target: 'zip', arch: ['x64'] }] } }, '1.0.0').problems).toEqual(['mac target zip has no artifactName (dmg.artifactName or mac.artifactName)']);
    expect(macArtifacts({ mac: { target: [{ target: 'zip', arch: ['x64'] }], artifactName: '${name}-${arch}.${ext}' } }, '1.0.0').problems).toEqual([
      'mac target zip: artifactName macro ${name} is not one this check knows',
    ]);
  });
});

describe('what each Mac app packs', () => {
  const macho = (cpuType: number) => Buffer.from([0xcf, 0xfa, 0xed, 0xfe, ...Buffer.from(new Uint32Array([cpuType]).buffer)]);
  const X64 = 0x01000007;
  const ARM64 = 0x0100000c;
  const file = (path: string, unpacked = true): PackedFile => ({ path, size: 10, unpacked });
  const x64App: PackedFile[] = [
    file('out/main/index.js', false),
    file('node_modules/sharp/package.json'),
    file('node_modules/@img/colour/package.json', false),
    file('node_modules/@img/sharp-darwin-x64/package.json'),
    file('node_modules/@img/sharp-darwin-x64/lib/sharp-darwin-x64.node'),
    file('node_modules/@img/sharp-libvips-darwin-x64/package.json'),
    file('node_modules/@img/sharp-libvips-darwin-x64/lib/libvips-cpp.dylib'),
  ];
  const judge = (files: PackedFile[], cpu: (path: string) => number = () => X64) => macAppProblems({ arch: 'x64', files, readUnpacked: (path) => macho(cpu(path)) }, lock);

  it('reads the processor of thin and fat Mach-O files', () => {
    expect(machOArches(macho(X64))).toEqual(['x64']);
    expect(machOArches(macho(ARM64))).toEqual(['arm64']);
    const fat = Buffer.alloc(48);
    fat.writeUInt32BE(0xcafebabe, 0);
    fat.writeUInt32BE(2, 4);
    fat.writeUInt32BE(X64, 8);
    fat.writeUInt32BE(ARM64, 28);
    expect(machOArches(fat)).toEqual(['x64', 'arm64']);
    expect(machOArches(Buffer.from('\x7fELF\x02\x01\x01\x00', 'latin1'))).toBeUndefined();
  });

  it('pass an Intel app with its own sharp packages', () => {
    expect(judge(x64App)).toEqual([]);
  });

  it('catch a missing package, another processor or OS packed, and a binary for the wrong processor', () => {
    expect(judge(x64App.filter((f) => !f.path.includes('libvips')))).toEqual(['the x64 app lacks @img/sharp-libvips-darwin-x64 (sharp cannot load without it)']);
    expect(judge([...x64App, file('node_modules/@img/sharp-darwin-arm64/package.json'), file('node_modules/@img/sharp-linux-x64/package.json')])).toEqual([
      'the x64 app packs @img/sharp-darwin-arm64, which is not for darwin-x64',
      'the x64 app packs @img/sharp-linux-x64, which is not for darwin-x64',
    ]);
    expect(judge(x64App, (path) => (path.endsWith('.dylib') ? ARM64 : X64))).toEqual(['node_modules/@img/sharp-libvips-darwin-x64/lib/libvips-cpp.dylib in the x64 app is for arm64']);
  });
});

describe('the zip electron-updater downloads', () => {
  const latestMac = (...urls: string[]) => ['version: 1.2.3', 'files:', ...urls.flatMap((url) => [`  - url: ${url}`, '    sha512: AAAA', '    size: 1']), `path: ${urls[0]}`, 'sha512: AAAA', ''].join('\n');
  const both = latestMac('Weft-1.2.3-x64-mac.zip', 'Weft-1.2.3-arm64-mac.zip', 'Weft-1.2.3-x64.dmg', 'Weft-1.2.3-arm64.dmg');
  const zips = { x64: 'Weft-1.2.3-x64-mac.zip', arm64: 'Weft-1.2.3-arm64-mac.zip' };

  it("is each Mac's own, decided by electron-updater's MacUpdater", () => {
    expect(zipPickedBy(both, false)).toBe('Weft-1.2.3-x64-mac.zip');
    expect(zipPickedBy(both, true)).toBe('Weft-1.2.3-arm64-mac.zip');
    expect(updateInfoProblems(both, zips)).toEqual([]);
  });

  it('catch a latest-mac.yml that lost one processor (two jobs overwriting each other)', () => {
    expect(updateInfoProblems(latestMac('Weft-1.2.3-arm64-mac.zip'), zips)).toEqual([
      'latest-mac.yml does not list the x64 zip Weft-1.2.3-x64-mac.zip (it lists Weft-1.2.3-arm64-mac.zip)',
      'an Intel Mac would download no zip, not Weft-1.2.3-x64-mac.zip',
    ]);
  });

  it('catch zips whose names do not tell the processors apart', () => {
    const unnamed = { x64: 'Weft-1.2.3-intel.zip', arm64: 'Weft-1.2.3-silicon.zip' };
    expect(updateInfoProblems(latestMac(unnamed.x64, unnamed.arm64), unnamed)).toEqual(['an Apple-silicon Mac would download Weft-1.2.3-intel.zip, not Weft-1.2.3-silicon.zip']);
  });
});
