// The mask node's preview and its way into the painter. The mask shows over the image it is painted on.
import { memo, useState } from 'react';
import type { WorkflowNode } from '../../engine';
import { appStore } from '../store/app-store';
import { editWorkflow } from '../store/history';
import { setImageSource } from '../store/workflow-edits';
import { assetUrl } from '../lib/images';
import { useAsset, useUpstreamImage } from '../canvas/use-node-view';

const MASK_SOURCE_PARAMS = ['path', 'asset'] as const;

export function openMaskPainter(documentId: string, nodeId: string): void {
  appStore.update((state) => {
    state.maskPainter = { documentId, nodeId };
  });
}

export const MaskWidget = memo(function MaskWidget({ documentId, node }: { documentId: string; node: WorkflowNode }) {
  const params = node.params ?? {};
  const mask = useAsset(documentId, params.asset);
  const under = useUpstreamImage(documentId, node.id, 'image');
  const path = typeof params.path === 'string' ? params.path : '';
  const [showPath, setShowPath] = useState(Boolean(path));
  return (
    <div className="mask-widget nodrag" data-testid={`mask-widget-${node.id}`}>
      {mask || under ? (
        <button type="button" className="mask-preview" onClick={() => openMaskPainter(documentId, node.id)} title="Open the mask painter">
          {under && <img src={under} alt="The image under the mask" />}
          {mask && <img className="mask-layer" src={assetUrl(mask)} alt="The painted mask" data-testid={`mask-preview-${node.id}`} />}
        </button>
      ) : (
        <div className="drop-hint">{path ? `File: ${path}` : 'No mask yet. Wire an image in to paint over it.'}</div>
      )}
      <div className="image-actions">
        <button type="button" className="primary" onClick={() => openMaskPainter(documentId, node.id)} data-testid={`paint-mask-${node.id}`}>
          {mask ? 'Edit mask…' : 'Paint mask…'}
        </button>
        <button type="button" className={showPath ? 'active' : ''} onClick={() => setShowPath(!showPath)} aria-expanded={showPath}>
          File
        </button>
      </div>
      {showPath && (
        <input
          type="text"
          className="path-input"
          placeholder="a mask file path"
          aria-label="Mask file path"
          value={path}
          onChange={(e) => editWorkflow(documentId, { label: 'mask path', mergeKey: `path:${node.id}` }, (w) => setImageSource(w, node.id, 'path', e.target.value, MASK_SOURCE_PARAMS))}
        />
      )}
    </div>
  );
});
