// A sampler's latest outputs as thumbnails: click to open large, drag onto the canvas for a new image
// node. Outputs of settings that changed since are dimmed, not hidden: they are still worth comparing.
import { Fragment, memo } from 'react';
import { openViewer } from '../commands/gallery-commands';
import { blobUrl } from '../lib/images';
import type { OutputRef } from '../store/state';

export const WEFT_IMAGE_MIME = 'application/x-weft-image';

interface Props {
  nodeId: string;
  outputs: readonly OutputRef[] | undefined;
  /** One per output when the node has several calls: the variant that made it ("seed=2"). */
  labels?: readonly string[] | undefined;
  stale: boolean;
}

export const NodeOutputs = memo(function NodeOutputs({ nodeId, outputs, labels, stale }: Props) {
  if (!outputs?.length) return null;
  // A lone thumbnail takes its image's shape: known beforehand (the output's size), so the node has its
  // final height before the image arrives and nothing moves, or is measured again, when it does.
  const alone = outputs.length === 1 && !labels;
  return (
    <div className={`outputs${stale ? ' stale' : ''}${labels ? ' labelled' : ''}`} data-testid={`outputs-${nodeId}`}>
      {outputs.map((output, index) => {
        const label = labels?.[index];
        const image = (
          <img
            className="thumb nodrag"
            src={blobUrl(output.sha256, true)}
            decoding="async"
            style={alone && output.width && output.height ? { aspectRatio: `${output.width} / ${output.height}` } : undefined}
            alt={`Output ${index + 1} of ${nodeId}${label ? ` (${label})` : ''}`}
            title={`${label ? `${label} · ` : ''}${output.width && output.height ? `${output.width} × ${output.height} · ` : ''}click to open, drag onto the canvas to use it as an input`}
            draggable
            onDragStart={(e) => {
              e.dataTransfer.setData(WEFT_IMAGE_MIME, output.sha256);
              e.dataTransfer.effectAllowed = 'copy';
            }}
            onClick={() => openViewer(output.sha256, `${nodeId} · ${label ?? `output ${index + 1}`}`)}
          />
        );
        if (!label) return <Fragment key={`${output.sha256}-${index}`}>{image}</Fragment>;
        return (
          <figure key={`${output.sha256}-${index}`} className="thumb-labelled">
            {image}
            <figcaption>{label}</figcaption>
          </figure>
        );
      })}
      {stale && <span className="stale-note">from earlier settings</span>}
    </div>
  );
});
