// After a run, each XY grid of the plan whose cells all succeeded is drawn into the image cache and
// announced to the editor as a `grid` event, so the grid node can show it. This is separate from the
// files writeOutputs leaves in the grid's folder: a grid without a folder is still worth seeing.
import type { Plan } from '../../../engine';
import type { BlobStore } from '../../cache/blobs';
import { renderGrid } from '../../grid/render-grid';
import type { OutputRef } from '../../runner/events';

export interface RenderedGrid {
  node: string;
  image: OutputRef;
}

/** The grids drawn and stored; a grid whose cells did not all run (run to one node, a failure) is skipped. */
export async function renderEditorGrids(plan: Plan, outputs: ReadonlyMap<string, readonly OutputRef[]>, blobs: BlobStore): Promise<RenderedGrid[]> {
  const rendered: RenderedGrid[] = [];
  for (const grid of plan.grids) {
    if (grid.cells.length === 0) continue;
    const drawn = await renderGrid(grid, outputs, blobs);
    if (!Buffer.isBuffer(drawn)) continue;
    const stored = await blobs.putImage(drawn, `grid ${grid.node}`);
    // renderGrid draws a PNG: its size is in the IHDR chunk, right after the signature.
    const width = drawn.readUInt32BE(16);
    const height = drawn.readUInt32BE(20);
    rendered.push({ node: grid.node, image: { sha256: stored.sha256, mediaType: stored.mediaType, size: stored.size, width, height } });
  }
  return rendered;
}
