// Stand-ins for what the Mac pack check (mac-pack.ts) cannot download on these machines, like
// stand-in-electron.ts is for Linux:
//   - Electron.app: a folder with what electron-builder edits when it turns it into Weft.app (the Info.plist
//     files, the Helper apps it renames, the Electron Framework binary whose fuse wire it flips, carrying
//     the same wire as the Linux stand-in). No Mach-O anywhere: electron-builder cannot sign on Linux and
//     does not try; it packs the same app.asar it would on a Mac, once per processor.
//   - 7-Zip (electron-builder 26 downloads its own): a "7za" that only writes a placeholder where the zip
//     is asked for. The zip's name, its block map and latest-mac.yml are still electron-builder's own.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUSE_SENTINEL, FUSES } from './stand-in-electron';

/** Inside Weft.app: the binary that carries the fuse wire on macOS. */
export const MAC_FRAMEWORK_BINARY = join('Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework');

/** The Helper apps of Electron.app that electron-builder renames after the product. */
const MAC_HELPERS = ['Electron Helper', 'Electron Helper (GPU)', 'Electron Helper (Plugin)', 'Electron Helper (Renderer)'];

function infoPlist(executable: string, bundleId: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0"><dict>',
    `<key>CFBundleExecutable</key><string>${executable}</string>`,
    `<key>CFBundleIdentifier</key><string>${bundleId}</string>`,
    `<key>CFBundleName</key><string>${executable}</string>`,
    '</dict></plist>',
    '',
  ].join('\n');
}

/** Creates (afresh) a folder holding the stand-in Electron.app, for `electronDist`, and returns it. */
export function createStandInMacElectron(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  const contents = join(dir, 'Electron.app', 'Contents');
  mkdirSync(join(contents, 'MacOS'), { recursive: true });
  mkdirSync(join(contents, 'Resources'), { recursive: true });
  writeFileSync(join(contents, 'Info.plist'), infoPlist('Electron', 'com.github.Electron'));
  writeFileSync(join(contents, 'MacOS', 'Electron'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
  for (const helper of MAC_HELPERS) {
    const helperContents = join(contents, 'Frameworks', `${helper}.app`, 'Contents');
    mkdirSync(join(helperContents, 'MacOS'), { recursive: true });
    writeFileSync(join(helperContents, 'Info.plist'), infoPlist(helper, 'com.github.Electron.helper'));
    writeFileSync(join(helperContents, 'MacOS', helper), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
  }
  mkdirSync(join(contents, 'Frameworks', 'Electron Framework.framework'), { recursive: true });
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL, 'latin1'), Buffer.from([1, FUSES.length]), Buffer.from(FUSES.map(([, state]) => state).join(''), 'latin1')]);
  writeFileSync(join(dir, 'Electron.app', MAC_FRAMEWORK_BINARY), wire);
  return dir;
}

/** Writes the stand-in "7za" (a shell script: Linux and macOS only) and returns its path. */
export function createStandIn7za(path: string): string {
  writeFileSync(path, '#!/bin/sh\n# Weft packaging check: writes a placeholder zip, packs nothing.\nfor a in "$@"; do case "$a" in *.zip) printf \'stand-in zip: %s\\n\' "$a" > "$a";; esac; done\n', { mode: 0o755 });
  return path;
}
