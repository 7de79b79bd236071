// Paths typed by the user into the browser host's own prompt. Only a host that says so accepts them
// (the desktop renderer never names a path: files come from native dialogs). Relative paths are refused
// rather than resolved against whatever folder the host was started from.
import os from 'node:os';
import { isAbsolute, join, normalize } from 'node:path';
import { AppFailure } from './app-failure';

export function pathFromUser(path: string, accepted: boolean, what: string): string {
  if (!accepted) throw new AppFailure(`this host does not take file paths from the editor; use the ${what} dialog`, 'bad-request');
  const trimmed = path.trim();
  if (trimmed.includes('\0')) throw new AppFailure('the path contains a NUL character', 'bad-request');
  const expanded = trimmed === '~' ? os.homedir() : trimmed.startsWith('~/') ? join(os.homedir(), trimmed.slice(2)) : trimmed;
  if (!isAbsolute(expanded)) throw new AppFailure(`"${trimmed}" is not an absolute path: give the full path (it may start with ~/)`, 'bad-request');
  return normalize(expanded);
}
