// The `<image>.json` sidecar beside a saved image, as run outputs have one: the same provenance, for tools
// that strip metadata. It is replaced atomically, as write-outputs does: it describes the file it sits
// next to. But the user chose the image's path, not this one, so a file there that is not a Weft sidecar
// (someone's own `photo.png.json`) is never replaced: it is kept and the caller says so.
import { promises as fsp } from 'node:fs';
import { parseProvenance, type Provenance } from '../../provenance';
import { writeFileAtomic } from '../../storage/atomic';
import { isErrno, toStorageError } from '../../storage/errors';

export type SidecarWrite = { written: string } | { kept: string };

export async function writeImageSidecar(imagePath: string, provenance: Provenance): Promise<SidecarWrite> {
  const path = `${imagePath}.json`;
  if (!(await isFreeForSidecar(path))) return { kept: path };
  await writeFileAtomic(path, `${JSON.stringify(provenance, null, 2)}\n`);
  return { written: path };
}

/** Nothing there, or a sidecar Weft wrote (it described the image the user just chose to replace). */
async function isFreeForSidecar(path: string): Promise<boolean> {
  let text: string;
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return true;
    // A folder, or a file we cannot read: not ours to replace.
    if (isErrno(error, 'EISDIR', 'EACCES', 'EPERM')) return false;
    throw toStorageError(error, path, 'read');
  }
  return parseProvenance(text) !== undefined;
}
