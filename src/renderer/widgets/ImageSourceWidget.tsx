// The image node's picker: a preview, a file dialog, a drop target for files, and (folded away until
// wanted) a URL or a file path beside the workflow. Picked images are embedded in the workflow.
import { memo, useState, type DragEvent } from 'react';
import type { WorkflowNode } from '../../engine';
import { chooseImageFor, IMAGE_SOURCE_PARAMS, setImageFromFile, setImageFromUrl } from '../commands/image-commands';
import { assetUrl, isImageFile } from '../lib/images';
import { editWorkflow } from '../store/history';
import { setImageSource } from '../store/workflow-edits';
import { useAsset } from '../canvas/use-node-view';

export const ImageSourceWidget = memo(function ImageSourceWidget({ documentId, node }: { documentId: string; node: WorkflowNode }) {
  const params = node.params ?? {};
  const asset = useAsset(documentId, params.asset);
  const path = typeof params.path === 'string' ? params.path : '';
  const currentUrl = typeof params.url === 'string' ? params.url : '';
  const [url, setUrl] = useState('');
  const [size, setSize] = useState<string>();
  const [over, setOver] = useState(false);
  const [showOther, setShowOther] = useState(Boolean(path || currentUrl));

  const onDrop = (event: DragEvent) => {
    const file = [...event.dataTransfer.files].find(isImageFile);
    setOver(false);
    if (!file) return;
    event.preventDefault();
    event.stopPropagation();
    void setImageFromFile(documentId, node.id, file);
  };

  return (
    <div
      className={`image-source nodrag${over ? ' drop-over' : ''}`}
      data-testid={`image-source-${node.id}`}
      onDragOver={(e) => {
        if ([...e.dataTransfer.types].includes('Files')) {
          e.preventDefault();
          setOver(true);
        }
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      {asset ? (
        <figure className="preview">
          <img src={assetUrl(asset)} alt="The input image" onLoad={(e) => setSize(`${e.currentTarget.naturalWidth} × ${e.currentTarget.naturalHeight}`)} />
        </figure>
      ) : (
        <div className="drop-hint">{currentUrl ? `From ${currentUrl}` : path ? `File: ${path}` : 'Drop or paste an image, or choose a file'}</div>
      )}
      <div className="image-actions">
        <button type="button" onClick={() => void chooseImageFor(documentId, node.id)} data-testid={`choose-image-${node.id}`}>
          Choose file…
        </button>
        <button type="button" className={showOther ? 'active' : ''} onClick={() => setShowOther(!showOther)} aria-expanded={showOther}>
          URL or path
        </button>
        {asset && <span className="caption">{size ?? asset.type.replace('image/', '')}</span>}
      </div>
      {showOther && (
        <>
          <form
            className="url-row"
            onSubmit={(e) => {
              e.preventDefault();
              if (url.trim()) void setImageFromUrl(documentId, node.id, url.trim()).then(() => setUrl(''));
            }}
          >
            <input type="url" placeholder={currentUrl || 'https://… image URL'} value={url} onChange={(e) => setUrl(e.target.value)} aria-label="Image URL" />
            <button type="submit" disabled={!url.trim()}>
              Fetch
            </button>
          </form>
          <input
            type="text"
            className="path-input"
            placeholder="a file path, absolute or beside the workflow"
            aria-label="Image file path"
            value={path}
            onChange={(e) => editWorkflow(documentId, { label: 'image path', mergeKey: `path:${node.id}` }, (w) => setImageSource(w, node.id, 'path', e.target.value, IMAGE_SOURCE_PARAMS))}
          />
        </>
      )}
    </div>
  );
});
