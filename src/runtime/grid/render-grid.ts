// Draws an XY grid of sweep results: each cell the first image of one call, scaled to fit, with the X
// values as column headings and the Y values as row headings. A PNG, so the labels stay sharp.
import sharp, { type OverlayOptions } from 'sharp';
import type { GridLayout } from '../../engine';
import type { BlobStore } from '../cache/blobs';
import type { OutputRef } from '../runner/events';

export const GRID_CELL = 384;
const HEADER = 48;
const BACKGROUND = '#17191d';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function label(text: string, width: number, height: number): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${BACKGROUND}"/><text x="50%" y="50%" fill="#d7dae0" font-family="sans-serif" font-size="18" text-anchor="middle" dominant-baseline="middle">${escapeXml(text)}</text></svg>`;
  return Buffer.from(svg);
}

/** The grid as PNG bytes, or the reason it cannot be drawn (a cell's call did not succeed). */
export async function renderGrid(layout: GridLayout, outputs: ReadonlyMap<string, readonly OutputRef[]>, blobs: BlobStore): Promise<Buffer | { missing: string[] }> {
  const missing = layout.cells.filter((c) => !outputs.get(c.source.node)?.[c.source.index]).map((c) => c.source.node);
  if (missing.length) return { missing };
  const left = layout.rows.some((r) => r !== '') ? HEADER * 3 : 0;
  const top = layout.columns.some((c) => c !== '') ? HEADER : 0;
  const width = left + layout.columns.length * GRID_CELL;
  const height = top + layout.rows.length * GRID_CELL;
  const pieces: OverlayOptions[] = [];
  if (top) layout.columns.forEach((text, i) => pieces.push({ input: label(text, GRID_CELL, HEADER), left: left + i * GRID_CELL, top: 0 }));
  if (left) layout.rows.forEach((text, i) => pieces.push({ input: label(text, left, GRID_CELL), left: 0, top: top + i * GRID_CELL }));
  for (const cell of layout.cells) {
    const image = outputs.get(cell.source.node)![cell.source.index]!;
    const fitted = await sharp(await blobs.read(image.sha256))
      .resize(GRID_CELL, GRID_CELL, { fit: 'contain', background: BACKGROUND })
      .png()
      .toBuffer();
    pieces.push({ input: fitted, left: left + cell.column * GRID_CELL, top: top + cell.row * GRID_CELL });
  }
  return sharp({ create: { width, height, channels: 3, background: BACKGROUND } }).composite(pieces).png().toBuffer();
}
