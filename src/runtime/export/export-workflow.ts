// Writes an exported script and the images it uploads into a folder, so the folder runs on its own.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportPlan, ExportError, imageRefsOf, SCRIPT_FILE_NAMES, type ExportFormat, type ExportImage, type Plan } from '../../engine';
import type { BlobStore } from '../cache/blobs';

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' };

export interface ExportResult {
  script: string;
  images: string[];
}

export async function exportToFolder(
  plan: Plan,
  format: ExportFormat,
  options: { blobs: BlobStore; folder: string; only?: string; title?: string },
): Promise<ExportResult> {
  const images = new Map<string, ExportImage>();
  for (const call of plan.calls) {
    for (const ref of imageRefsOf(call.input)) {
      if (!('blob' in ref) || images.has(ref.blob)) continue;
      const info = await options.blobs.info(ref.blob);
      if (!info) continue; // exportPlan names the node whose image is missing.
      images.set(ref.blob, { path: `images/${ref.blob.slice(0, 16)}.${EXTENSIONS[info.mediaType] ?? 'bin'}`, mediaType: info.mediaType });
    }
  }
  const text = exportPlan(plan, format, {
    imageFile: (sha) => images.get(sha),
    ...(options.only !== undefined ? { only: options.only } : {}),
    ...(options.title !== undefined ? { title: options.title } : {}),
  });
  await mkdir(join(options.folder, 'images'), { recursive: true });
  const written: string[] = [];
  for (const [sha, image] of images) {
    if (!text.includes(image.path)) continue; // not needed by the calls exported (--only)
    await writeFile(join(options.folder, image.path), await options.blobs.read(sha));
    written.push(image.path);
  }
  const script = join(options.folder, SCRIPT_FILE_NAMES[format]);
  await writeFile(script, text);
  await chmod(script, 0o755);
  return { script, images: written };
}

export { ExportError };
