// A stand-in for Electron's Linux distribution folder, so electron-builder can pack offline (it copies
// `electronDist` instead of downloading Electron, which these machines cannot). electron-builder needs
// only the `electron` executable in it (renamed to linux.executableName); it never runs it.
//
// The stand-in carries a fuse wire like a real Electron binary (the sentinel @electron/fuses searches for,
// the wire version, its length, one byte per fuse), set to the states Electron ships with. electron-builder
// then flips it exactly as it would flip the real binary, and the check reads the result back: that proves
// electron-builder.yml's `electronFuses` reach the binary. It cannot prove Electron 45 honours them (that
// needs the real binary), nor that the real wire has this layout beyond the fuses @electron/fuses knows.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** @electron/fuses' sentinel, the string that precedes the wire in every Electron binary since 12. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** Fuse V1 wire, in wire order, with Electron's shipped defaults ('1' on, '0' off). */
export const FUSES = [
  ['RunAsNode', '1'],
  ['EnableCookieEncryption', '0'],
  ['EnableNodeOptionsEnvironmentVariable', '1'],
  ['EnableNodeCliInspectArguments', '1'],
  ['EnableEmbeddedAsarIntegrityValidation', '0'],
  ['OnlyLoadAppFromAsar', '0'],
  ['LoadBrowserProcessSpecificV8Snapshot', '0'],
  ['GrantFileProtocolExtraPrivileges', '1'],
] as const;

export type FuseName = (typeof FUSES)[number][0];

/** Creates (afresh) the stand-in folder and returns it. */
export function createStandInElectron(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const wire = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "Weft packaging check: stand-in, not Electron" >&2\nexit 1\n'),
    Buffer.from(FUSE_SENTINEL, 'latin1'),
    Buffer.from([1, FUSES.length]), // wire version 1, then its length
    Buffer.from(FUSES.map(([, state]) => state).join(''), 'latin1'),
    Buffer.from('\n'),
  ]);
  const executable = join(dir, 'electron');
  writeFileSync(executable, wire);
  chmodSync(executable, 0o755);
  return dir;
}

/** Reads the fuse wire back from a (stand-in or real) binary: name -> on/off. */
export function readFuses(binary: Buffer): Partial<Record<FuseName, boolean>> {
  const at = binary.indexOf(FUSE_SENTINEL, 0, 'latin1');
  if (at < 0) throw new Error('no fuse wire in this binary');
  const start = at + FUSE_SENTINEL.length;
  const length = binary[start + 1] ?? 0;
  const result: Partial<Record<FuseName, boolean>> = {};
  FUSES.slice(0, length).forEach(([name], i) => {
    const state = binary[start + 2 + i];
    if (state === 0x31) result[name] = true;
    else if (state === 0x30) result[name] = false;
  });
  return result;
}
