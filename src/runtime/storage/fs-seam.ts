/**
 * The few file-system calls the atomic writer makes, as an interface.
 *
 * Production code uses node's fs.promises. Tests pass a wrapper that fails on cue (ENOSPC after a short
 * write, EROFS, a "crash" before the rename) - running as root, chmod cannot make a folder unwritable,
 * so injecting the error is the only reliable way to exercise those paths.
 */
import { promises as fsp } from 'node:fs';

export interface WritableHandle {
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface StorageFs {
  open(path: string, flags: string, mode?: number): Promise<WritableHandle>;
  rename(from: string, to: string): Promise<void>;
  link(existing: string, newPath: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<string | undefined>;
  stat(path: string): Promise<{ mode: number }>;
}

export const nodeFs: StorageFs = {
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  link: (existing, newPath) => fsp.link(existing, newPath),
  copyFile: (from, to) => fsp.copyFile(from, to),
  unlink: (path) => fsp.unlink(path),
  mkdir: (path, options) => fsp.mkdir(path, options),
  stat: (path) => fsp.stat(path),
};
