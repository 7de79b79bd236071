// A grid node's XY grid, drawn by the host after the run: shown large on the node; click to open it,
// drag it onto the canvas to use it as an image.
import { memo } from 'react';
import { openViewer } from '../commands/gallery-commands';
import { blobUrl } from '../lib/images';
import type { OutputRef } from '../store/state';
import { WEFT_IMAGE_MIME } from './NodeOutputs';

export const NodeGridImage = memo(function NodeGridImage({ nodeId, image }: { nodeId: string; image: OutputRef | undefined }) {
  if (!image) return null;
  return (
    <figure className="grid-image" data-testid={`grid-image-${nodeId}`}>
      <img
        className="nodrag"
        src={blobUrl(image.sha256)}
        alt={`The XY grid of ${nodeId}`}
        draggable
        onDragStart={(e) => {
          e.dataTransfer.setData(WEFT_IMAGE_MIME, image.sha256);
          e.dataTransfer.effectAllowed = 'copy';
        }}
        onClick={() => openViewer(image.sha256, `${nodeId} · XY grid`)}
      />
      <figcaption>{image.width && image.height ? `${image.width} × ${image.height} · ` : ''}click to open</figcaption>
    </figure>
  );
});
