// An output opened large; with an input to compare, a before/after slider over the two.
import { useState } from 'react';
import { closeViewer } from '../commands/gallery-commands';
import { imageSourceOf, outputFileName, saveImage } from '../commands/save-image';
import { blobUrl } from '../lib/images';
import { appStore, useApp } from '../store/app-store';
import { Modal } from './Modal';

/** Saves the image shown, naming the run that made it when this window knows it (for its workflow). */
function saveViewed(sha256: string): void {
  const source = imageSourceOf(appStore.get(), sha256);
  void saveImage(sha256, source ? outputFileName(source.node, source.index) : 'weft-image', source);
}

export function Viewer() {
  const viewer = useApp((s) => s.viewer);
  const [split, setSplit] = useState(50);
  if (!viewer) return null;
  return (
    <Modal
      title={viewer.compareWith ? `${viewer.title}: before / after` : viewer.title}
      testId="viewer"
      onClose={closeViewer}
      className="viewer"
      footer={
        <button type="button" onClick={() => saveViewed(viewer.sha256)} title="Save the image, with the workflow that made it" data-testid="viewer-save">
          Save…
        </button>
      }
    >
      {viewer.compareWith ? (
        <div className="compare">
          <div className="compare-stage">
            <img src={blobUrl(viewer.compareWith)} alt="Before: the input" />
            <img src={blobUrl(viewer.sha256)} alt="After: the output" className="after" style={{ clipPath: `inset(0 0 0 ${split}%)` }} />
            <div className="compare-line" style={{ left: `${split}%` }} />
          </div>
          <input type="range" min={0} max={100} value={split} onChange={(e) => setSplit(Number(e.target.value))} aria-label="Before / after" data-testid="compare-slider" />
          <div className="compare-labels">
            <span>before (input)</span>
            <span>after (output)</span>
          </div>
        </div>
      ) : (
        <img className="viewer-image" src={blobUrl(viewer.sha256)} alt={viewer.title} data-testid="viewer-image" />
      )}
    </Modal>
  );
}
