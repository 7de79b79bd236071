// The gallery: every output of past runs, newest first, with where it came from (the exact input,
// seed, model version, time, cost). Open large, compare with its input, save, reuse the seed, or drag
// it onto the canvas as a new image node.
import { memo, useState } from 'react';
import { WEFT_IMAGE_MIME } from '../canvas/NodeOutputs';
import { openViewer, refreshGallery, toggleGallery } from '../commands/gallery-commands';
import { outputFileName, saveImage } from '../commands/save-image';
import { formatCost, formatSeconds, formatTime } from '../lib/format';
import { blobUrl } from '../lib/images';
import { appStore, useApp } from '../store/app-store';
import { editWorkflow } from '../store/history';
import { callSource } from '../store/node-view';
import type { GalleryItem } from '../store/state';
import { toast } from '../store/toasts';
import { variantLabelOf } from '../store/variant-labels';
import { setParam } from '../store/workflow-edits';
import { inputImage, settingsOf } from './provenance';

function itemKey(item: GalleryItem): string {
  return `${item.runId}/${item.node}/${item.index}`;
}

function reuseSeed(item: GalleryItem): void {
  const state = appStore.get();
  const doc = state.active ? state.docs[state.active] : undefined;
  const node = callSource(item.node);
  if (item.seed === undefined || !doc?.workflow.nodes.some((n) => n.id === node && n.type === 'sampler')) {
    toast(`The open workflow has no sampler “${node}” to give this seed to`, 'info');
    return;
  }
  editWorkflow(doc.documentId, { label: 'reuse seed' }, (w) => setParam(w, node, 'seed', item.seed));
  toast(`Sampler ${node} now uses seed ${item.seed}`, 'success');
}

/** The variant a swept call's output is ("seed=2"), when this session ran it. */
function useVariantLabel(item: GalleryItem): string | undefined {
  return useApp((s) => variantLabelOf(s, item.runId, item.node));
}

const Thumb = memo(function Thumb({ item, selected, onSelect }: { item: GalleryItem; selected: boolean; onSelect(): void }) {
  const label = useVariantLabel(item);
  return (
    <button
      type="button"
      className={`gallery-thumb${selected ? ' selected' : ''}${label ? ' labelled' : ''}`}
      onClick={onSelect}
      data-testid="gallery-item"
      data-variant={label}
      title={`${item.node}${label ? ` (${label})` : ''} · ${formatTime(item.finishedAt)}`}
    >
      <img
        src={blobUrl(item.output.sha256, true)}
        alt={`Output of ${item.node}`}
        loading="lazy"
        draggable
        onDragStart={(e) => {
          e.dataTransfer.setData(WEFT_IMAGE_MIME, item.output.sha256);
          e.dataTransfer.effectAllowed = 'copy';
        }}
      />
      {label && <span className="variant-caption">{label}</span>}
    </button>
  );
});

function Detail({ item }: { item: GalleryItem }) {
  const before = inputImage(item.input);
  const label = useVariantLabel(item);
  const title = `${item.workflowName ?? 'run'} · ${item.node}${label ? ` · ${label}` : ''}`;
  return (
    <div className="gallery-detail" data-testid="gallery-detail">
      <img
        className="detail-image"
        src={blobUrl(item.output.sha256, true)}
        alt=""
        draggable
        onDragStart={(e) => e.dataTransfer.setData(WEFT_IMAGE_MIME, item.output.sha256)}
        onClick={() => openViewer(item.output.sha256, title)}
      />
      <div className="detail-actions">
        <button type="button" onClick={() => openViewer(item.output.sha256, title)} data-testid="gallery-open">
          Open
        </button>
        <button type="button" disabled={!before} onClick={() => before && openViewer(item.output.sha256, title, before)} title={before ? 'Compare with the image that went in' : 'This output had no input image'} data-testid="gallery-compare">
          Compare
        </button>
        <button
          type="button"
          // Naming the run and output lets the host embed that run's workflow in the file it writes.
          onClick={() => void saveImage(item.output.sha256, outputFileName(item.node, item.index, item.output.mediaType), { runId: item.runId, node: item.node, index: item.index })}
          title="Save the image, with the workflow that made it"
          data-testid="gallery-save"
        >
          Save…
        </button>
        <button type="button" disabled={item.seed === undefined} onClick={() => reuseSeed(item)} title="Pin this seed on the sampler that made it">
          Use seed
        </button>
      </div>
      <dl className="provenance">
        <dt>node</dt>
        <dd>{item.node}</dd>
        {label && (
          <>
            <dt>variant</dt>
            <dd data-testid="gallery-variant">{label}</dd>
          </>
        )}
        <dt>model</dt>
        <dd title={`${item.model}:${item.version}`}>
          {item.model}:{item.version.slice(0, 12)}
        </dd>
        {item.seed !== undefined && (
          <>
            <dt>seed</dt>
            <dd>{item.seed}</dd>
          </>
        )}
        <dt>when</dt>
        <dd>{formatTime(item.finishedAt)}</dd>
        {item.predictTime !== undefined && (
          <>
            <dt>predict time</dt>
            <dd>{formatSeconds(item.predictTime)}</dd>
          </>
        )}
        {item.cost !== undefined && (
          <>
            <dt>cost</dt>
            <dd>{formatCost(item.cost)}</dd>
          </>
        )}
        {item.output.width && item.output.height && (
          <>
            <dt>size</dt>
            <dd>
              {item.output.width} × {item.output.height}
            </dd>
          </>
        )}
        {item.predictionId && (
          <>
            <dt>prediction</dt>
            <dd>{item.predictionId}</dd>
          </>
        )}
      </dl>
      <h4>Input</h4>
      <dl className="provenance input">
        {settingsOf(item.input).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {before && (
        <figure className="input-image">
          <img src={blobUrl(before, true)} alt="The input image" />
          <figcaption>input image</figcaption>
        </figure>
      )}
    </div>
  );
}

export function GalleryPanel() {
  const items = useApp((s) => s.gallery);
  const [selected, setSelected] = useState<string>();
  const current = items.find((i) => itemKey(i) === selected);
  return (
    <aside className="gallery" aria-label="Gallery" data-testid="gallery">
      <header className="panel-header">
        <h2>Gallery</h2>
        <button type="button" className="icon-button" onClick={() => void refreshGallery()} title="Refresh" aria-label="Refresh the gallery">
          ↻
        </button>
        <button type="button" className="icon-button" onClick={() => toggleGallery(false)} aria-label="Close the gallery">
          ✕
        </button>
      </header>
      {items.length === 0 && <p className="muted pad">Outputs of your runs appear here, with everything that made them.</p>}
      {current && <Detail item={current} />}
      <div className="gallery-grid">
        {items.map((item) => (
          <Thumb key={itemKey(item)} item={item} selected={itemKey(item) === selected} onSelect={() => setSelected(itemKey(item) === selected ? undefined : itemKey(item))} />
        ))}
      </div>
    </aside>
  );
}
