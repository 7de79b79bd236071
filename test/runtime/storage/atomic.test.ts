import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/runtime/storage/atomic';
import { StorageError, errnoError } from '../../../src/runtime/storage/errors';
import { nodeFs, type StorageFs } from '../../../src/runtime/storage/fs-seam';
import { useTempDirs } from '../../helpers/temp-dir';
import { cannotCreate, diskFillsUp, withTempWrite } from './faulty-fs';

const tempDir = useTempDirs();

async function caught(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

describe('writeFileAtomic', () => {
  it('writes a new file, creating missing folders, and leaves no temp file behind', async () => {
    const dir = tempDir();
    const path = join(dir, 'a', 'b', 'settings.json');
    await writeFileAtomic(path, '{"x":1}');
    expect(await fsp.readFile(path, 'utf8')).toBe('{"x":1}');
    expect(await fsp.readdir(join(dir, 'a', 'b'))).toEqual(['settings.json']);
  });

  it('replaces a file and, with backup, keeps the previous content as .bak', async () => {
    const path = join(tempDir(), 'flow.weft');
    await writeFileAtomic(path, 'one', { backup: true });
    await expect(fsp.access(`${path}.bak`)).rejects.toThrow(); // nothing to back up on the first save
    await writeFileAtomic(path, 'two', { backup: true });
    expect(await fsp.readFile(path, 'utf8')).toBe('two');
    expect(await fsp.readFile(`${path}.bak`, 'utf8')).toBe('one');
    await writeFileAtomic(path, 'three', { backup: true });
    expect(await fsp.readFile(`${path}.bak`, 'utf8')).toBe('two');
    await writeFileAtomic(path, 'four');
    expect(await fsp.readFile(`${path}.bak`, 'utf8')).toBe('two'); // untouched without backup:true
  });

  it('copies instead of hard-linking the backup where links are unsupported', async () => {
    const path = join(tempDir(), 'flow.weft');
    await writeFileAtomic(path, 'old');
    const noLinks: StorageFs = { ...nodeFs, link: async (_a, b) => Promise.reject(errnoError('EPERM', 'link', b)) };
    await writeFileAtomic(path, 'new', { backup: true, fs: noLinks });
    expect(await fsp.readFile(`${path}.bak`, 'utf8')).toBe('old');
    expect(await fsp.readFile(path, 'utf8')).toBe('new');
  });

  it('replaces the file a symlink points to, keeping the link', async () => {
    const dir = tempDir();
    const real = join(dir, 'dotfiles', 'settings.json');
    const link = join(dir, 'settings.json');
    await writeFileAtomic(real, 'old');
    await fsp.symlink(real, link);
    await writeFileAtomic(link, 'new', { backup: true });
    expect((await fsp.lstat(link)).isSymbolicLink()).toBe(true);
    expect(await fsp.readFile(real, 'utf8')).toBe('new');
    expect(await fsp.readFile(`${real}.bak`, 'utf8')).toBe('old');
  });

  it('keeps the permissions of the file it replaces', async () => {
    const path = join(tempDir(), 'secret.json');
    await writeFileAtomic(path, 'a', { mode: 0o600 });
    await writeFileAtomic(path, 'b');
    expect((await fsp.stat(path)).mode & 0o777).toBe(0o600);
  });

  it('completes short writes instead of renaming a truncated file into place', async () => {
    const path = join(tempDir(), 'big.json');
    const threeBytesAtATime = withTempWrite((real) => (buffer, offset, length, position) =>
      real.write(buffer, offset, Math.min(3, length), position),
    );
    const text = 'x'.repeat(1000);
    await writeFileAtomic(path, text, { fs: threeBytesAtATime });
    expect(await fsp.readFile(path, 'utf8')).toBe(text);
  });

  it('on a full disk, leaves the old file and its backup intact and says so plainly', async () => {
    const dir = tempDir();
    const path = join(dir, 'flow.weft');
    await writeFileAtomic(path, 'old-old');
    await writeFileAtomic(path, 'old', { backup: true });
    const error = await caught(writeFileAtomic(path, 'new content that will not fit', { backup: true, fs: diskFillsUp() }));
    expect(error.code).toBe('disk-full');
    expect(error.errno).toBe('ENOSPC');
    expect(error.message).toBe(`disk is full while writing ${path}: free some space and try again; nothing was overwritten`);
    expect(await fsp.readFile(path, 'utf8')).toBe('old');
    expect(await fsp.readFile(`${path}.bak`, 'utf8')).toBe('old-old');
    expect((await fsp.readdir(dir)).sort()).toEqual(['flow.weft', 'flow.weft.bak']); // temp file cleaned up
  });

  it('on a read-only disk (EROFS), leaves the old file and says the folder is read-only', async () => {
    const path = join(tempDir(), 'flow.weft');
    await writeFileAtomic(path, 'old');
    const error = await caught(writeFileAtomic(path, 'new', { backup: true, fs: cannotCreate('EROFS') }));
    expect(error.code).toBe('read-only');
    expect(error.message).toBe(`cannot write ${path}: the disk or folder is read-only; nothing was overwritten`);
    expect(await fsp.readFile(path, 'utf8')).toBe('old');
  });

  it('in a folder without write permission (chmod 0o500; EACCES injected when root ignores chmod)', async () => {
    const dir = join(tempDir(), 'locked');
    await fsp.mkdir(dir);
    const path = join(dir, 'flow.weft');
    await writeFileAtomic(path, 'old');
    await fsp.chmod(dir, 0o500);
    try {
      // root (as in CI containers) writes through 0o500; then the only faithful test is to inject the
      // error the kernel would have returned. Either way the assertions below run.
      const chmodWorks = await fsp.writeFile(join(dir, 'probe'), '').then(
        () => false,
        () => true,
      );
      await fsp.rm(join(dir, 'probe'), { force: true });
      const fs = chmodWorks ? nodeFs : cannotCreate('EACCES');
      const error = await caught(writeFileAtomic(path, 'new', { fs }));
      expect(error.code).toBe('permission-denied');
      expect(error.message).toMatch(new RegExp(`^cannot write ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: permission denied`));
      expect(error.message).toMatch(/nothing was overwritten$/);
      expect(await fsp.readFile(path, 'utf8')).toBe('old');
    } finally {
      await fsp.chmod(dir, 0o700);
    }
  });

  it('a crash before the rename leaves the old file untouched', async () => {
    const dir = tempDir();
    const path = join(dir, 'flow.weft');
    await writeFileAtomic(path, 'old');
    const dies = withTempWrite((real) => async (buffer, offset, length, position) => {
      await real.write(buffer, offset, Math.floor(length / 2), position);
      throw new Error('process killed');
    });
    await expect(writeFileAtomic(path, 'new!', { fs: dies })).rejects.toThrow(/process killed/);
    expect(await fsp.readFile(path, 'utf8')).toBe('old');
  });

  it('falls back to a temp file beside the target when the temp folder is on another file system', async () => {
    const dir = tempDir();
    const tmpDir = join(dir, 'tmp');
    const path = join(dir, 'data', 'x.json');
    const crossDevice: StorageFs = {
      ...nodeFs,
      rename: async (from, to) =>
        from.startsWith(tmpDir) ? Promise.reject(errnoError('EXDEV', 'rename', to)) : nodeFs.rename(from, to),
    };
    await writeFileAtomic(path, 'ok', { tmpDir, fs: crossDevice });
    expect(await fsp.readFile(path, 'utf8')).toBe('ok');
    expect(await fsp.readdir(tmpDir)).toEqual([]);
  });

  it('retries the transient EPERM that Windows virus scanners cause on rename', async () => {
    const path = join(tempDir(), 'x.json');
    let failures = 2;
    const scanned: StorageFs = {
      ...nodeFs,
      rename: async (from, to) => (failures-- > 0 ? Promise.reject(errnoError('EPERM', 'rename', to)) : nodeFs.rename(from, to)),
    };
    await writeFileAtomic(path, 'ok', { fs: scanned, platform: 'win32' });
    expect(await fsp.readFile(path, 'utf8')).toBe('ok');
    failures = 1;
    const error = await caught(writeFileAtomic(path, 'no', { fs: scanned, platform: 'linux' }));
    expect(error.code).toBe('permission-denied');
  });

  it('ignores a folder that cannot be fsynced (Windows EISDIR): the file is already in place', async () => {
    const path = join(tempDir(), 'x.json');
    const noFolderSync: StorageFs = {
      ...nodeFs,
      open: async (p, flags, mode) => (flags === 'r' ? Promise.reject(errnoError('EISDIR', 'open', p)) : nodeFs.open(p, flags, mode)),
    };
    await writeFileAtomic(path, 'ok', { fs: noFolderSync });
    expect(await fsp.readFile(path, 'utf8')).toBe('ok');
  });
});
