// File systems that fail on cue, for the paths real disks rarely take in a test run (full, read-only).
import { errnoError } from '../../../src/runtime/storage/errors';
import { nodeFs, type StorageFs, type WritableHandle } from '../../../src/runtime/storage/fs-seam';

type WriteFn = WritableHandle['write'];

/** Temp files (opened 'wx') get their `write` replaced; everything else is the real file system. */
export function withTempWrite(makeWrite: (real: WritableHandle, path: string) => WriteFn, base: StorageFs = nodeFs): StorageFs {
  return {
    ...base,
    async open(path, flags, mode) {
      const real = await base.open(path, flags, mode);
      if (flags !== 'wx') return real;
      return { write: makeWrite(real, path), sync: () => real.sync(), close: () => real.close() };
    },
  };
}

/** The disk fills part-way: the first write is short (as write(2) does), the next one fails. */
export function diskFillsUp(): StorageFs {
  return withTempWrite((real, path) => {
    let calls = 0;
    return async (buffer, offset, length, position) => {
      if (++calls === 1) return real.write(buffer, offset, Math.max(1, Math.floor(length / 2)), position);
      throw errnoError('ENOSPC', 'write', path);
    };
  });
}

/** Every file creation fails with `code` (EROFS, EACCES...), like a read-only or locked folder. */
export function cannotCreate(code: string, base: StorageFs = nodeFs): StorageFs {
  return {
    ...base,
    async open(path, flags, mode) {
      if (flags !== 'r') throw errnoError(code, 'open', path);
      return base.open(path, flags, mode);
    },
    async link(existing, newPath) {
      throw errnoError(code, 'link', newPath ?? existing);
    },
    async copyFile(_from, to) {
      throw errnoError(code, 'copyfile', to);
    },
  };
}
