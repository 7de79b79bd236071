// A sampler's latest outputs as thumbnails: click to open large, drag onto the canvas for a new image
// node. Outputs of settings that changed since are dimmed, not hidden: they are still worth comparing.
import { memo } from 'react';
import { openViewer } from '../commands/gallery-commands';
import { blobUrl } from '../lib/images';
import type { OutputRef } from '../store/state';

export const WEFT_IMAGE_MIME = 'application/x-weft-image';

export const NodeOutputs = memo(function NodeOutputs({ nodeId, outputs, stale }: { nodeId: string; outputs: readonly OutputRef[] | undefined; stale: boolean }) {
  if (!outputs?.length) return null;
  return (
    <div className={`outputs${stale ? ' stale' : ''}`} data-testid={`outputs-${nodeId}`}>
      {outputs.map((output, index) => (
        <img
          key={`${output.sha256}-${index}`}
          className="thumb nodrag"
          src={blobUrl(output.sha256, true)}
          alt={`Output ${index + 1} of ${nodeId}`}
          title={`${output.width && output.height ? `${output.width} × ${output.height} · ` : ''}click to open, drag onto the canvas to use it as an input`}
          draggable
          onDragStart={(e) => {
            e.dataTransfer.setData(WEFT_IMAGE_MIME, output.sha256);
            e.dataTransfer.effectAllowed = 'copy';
          }}
          onClick={() => openViewer(output.sha256, `${nodeId} · output ${index + 1}`)}
        />
      ))}
      {stale && <span className="stale-note">from earlier settings</span>}
    </div>
  );
});
