// A disk that fills up, or a folder that turns read-only, under the real product wiring: node's
// fs.promises is wrapped (every writer in src/runtime goes through it, most through the StorageFs seam's
// default), and only paths the test names are affected. Running as root, chmod stops nothing, so the
// errors are injected rather than provoked; each returns its restore function.
import { promises as fsp } from 'node:fs';
import { errnoError } from '../../../src/runtime/storage/errors';

type Fsp = typeof fsp;
type Patchable = 'open' | 'mkdir' | 'rename' | 'link' | 'copyFile' | 'unlink' | 'utimes' | 'writeFile' | 'rm';

function patch<K extends Patchable>(name: K, wrap: (real: Fsp[K]) => Fsp[K]): () => void {
  const real = fsp[name];
  (fsp as Record<K, Fsp[K]>)[name] = wrap(real.bind(fsp) as Fsp[K]);
  return () => {
    (fsp as Record<K, Fsp[K]>)[name] = real;
  };
}

export interface InjectedFault {
  /** How many operations the fault has failed so far. */
  readonly hits: number;
  restore(): void;
}

/**
 * The disk fills up while a file matching `match` is written: the first write to it is short (as
 * write(2) is on a full disk) and the next fails with ENOSPC. Only new files (temp files, opened 'wx'
 * or 'w') are affected: what is already on disk stays readable.
 */
export function diskFull(match: (path: string) => boolean): InjectedFault {
  let hits = 0;
  const restoreOpen = patch('open', (real) => (async (path: any, flags?: any, mode?: any) => {
    const handle = await real(path, flags, mode);
    if (!(flags === 'wx' || flags === 'w') || !match(String(path))) return handle;
    let calls = 0;
    const write = handle.write.bind(handle) as (...args: any[]) => Promise<{ bytesWritten: number }>;
    (handle as any).write = async (buffer: any, offset: number, length: number, position: number) => {
      if (++calls === 1 && length > 1) return write(buffer, offset, Math.floor(length / 2), position);
      hits++;
      throw errnoError('ENOSPC', 'write', String(path));
    };
    return handle;
  }) as Fsp['open']);
  // fs.promises.writeFile opens files internally: half the data lands, then the disk is full.
  const restoreWriteFile = patch('writeFile', (real) => (async (path: any, data: any, options?: any) => {
    if (!match(String(path)) || typeof data === 'string' || data.length < 2) return real(path, data, options);
    await real(path, data.subarray(0, Math.floor(data.length / 2)), options);
    hits++;
    throw errnoError('ENOSPC', 'write', String(path));
  }) as Fsp['writeFile']);
  return {
    get hits() {
      return hits;
    },
    restore: () => {
      restoreOpen();
      restoreWriteFile();
    },
  };
}

/**
 * Every change under `folder` fails with `code` (EROFS for a read-only disk, EACCES for a folder the
 * user may not write): creating, renaming, linking, copying, deleting, touching files, making folders.
 * Reading goes on as before.
 */
export function readOnlyFolder(folder: string, code: 'EROFS' | 'EACCES' = 'EROFS'): InjectedFault {
  let hits = 0;
  const inside = (path: unknown) => String(path) === folder || String(path).startsWith(`${folder}/`);
  const refuse = (syscall: string, path: unknown) => {
    hits++;
    return Promise.reject(errnoError(code, syscall, String(path)));
  };
  const restores = [
    patch('open', (real) => ((path: any, flags?: any, mode?: any) => (inside(path) && flags !== undefined && flags !== 'r' ? refuse('open', path) : real(path, flags, mode))) as Fsp['open']),
    patch('mkdir', (real) => (async (path: any, options?: any) => {
      if (!inside(path)) return real(path, options);
      // mkdir -p of a folder that exists succeeds even on a read-only disk.
      const exists = await fsp.stat(path).then((s) => s.isDirectory(), () => false);
      return exists ? undefined : refuse('mkdir', path);
    }) as Fsp['mkdir']),
    patch('rename', (real) => ((from: any, to: any) => (inside(from) || inside(to) ? refuse('rename', to) : real(from, to))) as Fsp['rename']),
    patch('link', (real) => ((from: any, to: any) => (inside(to) ? refuse('link', to) : real(from, to))) as Fsp['link']),
    patch('copyFile', (real) => ((from: any, to: any, mode?: any) => (inside(to) ? refuse('copyfile', to) : real(from, to, mode))) as Fsp['copyFile']),
    patch('unlink', (real) => ((path: any) => (inside(path) ? refuse('unlink', path) : real(path))) as Fsp['unlink']),
    patch('utimes', (real) => ((path: any, a: any, m: any) => (inside(path) ? refuse('utime', path) : real(path, a, m))) as Fsp['utimes']),
    patch('writeFile', (real) => ((path: any, data: any, options?: any) => (inside(path) ? refuse('open', path) : real(path, data, options))) as Fsp['writeFile']),
    patch('rm', (real) => ((path: any, options?: any) => (inside(path) ? refuse('rm', path) : real(path, options))) as Fsp['rm']),
  ];
  return {
    get hits() {
      return hits;
    },
    restore: () => restores.forEach((undo) => undo()),
  };
}
