// Looking at folders the way an auditor would: every file under a root, its hash, and which files
// contain a given string (a token that must not be there).
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every regular file under `root` (symlinks are listed, not followed). Missing roots are empty. */
export function filesUnder(root: string): string[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(root, name);
    const info = lstatSync(path);
    if (info.isDirectory()) return filesUnder(path);
    return [path];
  });
}

export function sha256OfFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** path -> sha256 of every file under the roots: compare two snapshots to see what changed. */
export function snapshot(...roots: string[]): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const root of roots) for (const file of filesUnder(root)) if (lstatSync(file).isFile()) hashes.set(file, sha256OfFile(file));
  return hashes;
}

/** The files under the roots whose bytes contain `needle` (as UTF-8, and as base64 of it). */
export function filesContaining(needle: string, ...roots: string[]): string[] {
  const forms = [Buffer.from(needle, 'utf8'), Buffer.from(Buffer.from(needle, 'utf8').toString('base64').replace(/=+$/, ''), 'utf8')];
  return roots.flatMap(filesUnder).filter((file) => {
    if (!lstatSync(file).isFile()) return false;
    const bytes = readFileSync(file);
    return forms.some((form) => bytes.includes(form));
  });
}
