// The mask painter: paint over the image wired into a mask node. Brush and eraser with size and
// softness, fill, invert, clear and undo; saved as a lossless PNG embedded in the workflow.
import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { loadImage } from '../../lib/images';
import { coverage, dab, exportMaskPng, fill, invert, loadMask, stroke, type Brush } from './brush';

interface Props {
  /** The image painted over; without one the mask is painted on black at `fallbackSize`. */
  imageUrl: string | undefined;
  initialMaskUrl: string | undefined;
  onSave(png: Blob): void;
  onClose(): void;
}

const MAX_UNDO = 30;
const DEFAULT_SIZE = { width: 1024, height: 1024 };

export function MaskPainter({ imageUrl, initialMaskUrl, onSave, onClose }: Props) {
  const maskRef = useRef<HTMLCanvasElement | null>(null);
  const viewRef = useRef<HTMLCanvasElement>(null);
  const undoStack = useRef<ImageData[]>([]);
  const last = useRef<{ x: number; y: number } | undefined>(undefined);
  const [size, setSize] = useState<{ width: number; height: number }>();
  const [imageError, setImageError] = useState<string>();
  const [erase, setErase] = useState(false);
  const [brushSize, setBrushSize] = useState(64);
  const [softness, setSoftness] = useState(0.35);
  const [cursor, setCursor] = useState<{ x: number; y: number; d: number }>();
  const [covered, setCovered] = useState(0);
  const [undoCount, setUndoCount] = useState(0);

  // Size the canvas from the image (or the existing mask), then load the existing mask.
  useEffect(() => {
    let alive = true;
    (async () => {
      let dims = DEFAULT_SIZE;
      if (imageUrl) {
        try {
          const image = await loadImage(imageUrl);
          dims = { width: image.naturalWidth, height: image.naturalHeight };
        } catch (error) {
          setImageError(error instanceof Error ? error.message : String(error));
        }
      }
      const existing = initialMaskUrl ? await loadImage(initialMaskUrl).catch(() => undefined) : undefined;
      if (!imageUrl && existing) dims = { width: existing.naturalWidth, height: existing.naturalHeight };
      if (!alive) return;
      const mask = document.createElement('canvas');
      mask.width = dims.width;
      mask.height = dims.height;
      const ctx = mask.getContext('2d', { willReadFrequently: true })!;
      if (existing) loadMask(ctx, existing);
      maskRef.current = mask;
      setBrushSize(Math.max(8, Math.round(Math.min(dims.width, dims.height) / 12)));
      setSize(dims);
    })();
    return () => {
      alive = false;
    };
  }, [imageUrl, initialMaskUrl]);

  const redraw = useCallback(() => {
    const mask = maskRef.current;
    const view = viewRef.current;
    if (!mask || !view) return;
    const ctx = view.getContext('2d')!;
    ctx.globalCompositeOperation = 'source-over';
    ctx.clearRect(0, 0, view.width, view.height);
    ctx.drawImage(mask, 0, 0);
    ctx.globalCompositeOperation = 'source-in';
    ctx.fillStyle = '#ff4d4d';
    ctx.fillRect(0, 0, view.width, view.height);
    ctx.globalCompositeOperation = 'source-over';
  }, []);

  const measure = useCallback(() => {
    const ctx = maskRef.current?.getContext('2d', { willReadFrequently: true });
    if (ctx) setCovered(coverage(ctx));
  }, []);

  useEffect(() => {
    if (!size) return;
    redraw();
    measure();
  }, [size, redraw, measure]);

  const maskCtx = () => maskRef.current?.getContext('2d', { willReadFrequently: true }) ?? undefined;

  const remember = () => {
    const ctx = maskCtx();
    if (!ctx) return;
    undoStack.current.push(ctx.getImageData(0, 0, ctx.canvas.width, ctx.canvas.height));
    if (undoStack.current.length > MAX_UNDO) undoStack.current.shift();
    setUndoCount(undoStack.current.length);
  };

  const act = (operation: (ctx: CanvasRenderingContext2D) => void) => {
    const ctx = maskCtx();
    if (!ctx) return;
    remember();
    operation(ctx);
    redraw();
    measure();
  };

  const undo = useCallback(() => {
    const ctx = maskRef.current?.getContext('2d', { willReadFrequently: true });
    const previous = undoStack.current.pop();
    if (!ctx || !previous) return;
    ctx.putImageData(previous, 0, 0);
    setUndoCount(undoStack.current.length);
    redraw();
    measure();
  }, [redraw, measure]);

  const brush = (): Brush => ({ size: brushSize, softness, erase });

  const toImage = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const scale = (size?.width ?? 1) / rect.width;
    return { x: (event.clientX - rect.left) * scale, y: (event.clientY - rect.top) * scale, scale };
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const ctx = maskCtx();
    if (!ctx || event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    remember();
    const p = toImage(event);
    dab(ctx, p.x, p.y, brush());
    last.current = p;
    redraw();
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const p = toImage(event);
    const rect = event.currentTarget.getBoundingClientRect();
    setCursor({ x: event.clientX - rect.left, y: event.clientY - rect.top, d: brushSize / p.scale });
    const ctx = maskCtx();
    if (!ctx || !last.current) return;
    stroke(ctx, last.current, p, brush());
    last.current = p;
    redraw();
  };

  const onPointerUp = () => {
    if (!last.current) return;
    last.current = undefined;
    measure();
  };

  // The painter's own keys: B brush, E eraser, [ and ] size, Mod+Z undo, Escape closes.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement && event.target.type !== 'range') return;
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'z') {
        event.preventDefault();
        event.stopPropagation();
        undo();
      } else if (event.key === 'b') setErase(false);
      else if (event.key === 'e') setErase(true);
      else if (event.key === '[') setBrushSize((s) => Math.max(2, Math.round(s / 1.25)));
      else if (event.key === ']') setBrushSize((s) => Math.min(1024, Math.round(s * 1.25)));
      else if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [undo, onClose]);

  const save = async () => {
    if (maskRef.current) onSave(await exportMaskPng(maskRef.current));
  };

  const stageWidth = size ? `min(calc(100vw - 120px), calc((100vh - 220px) * ${size.width / size.height}))` : undefined;

  return (
    <div className="modal-backdrop" role="presentation">
      <div className="modal mask-painter" role="dialog" aria-modal="true" aria-label="Mask painter" data-testid="mask-painter">
        <header className="painter-tools">
          <div className="segmented" role="radiogroup" aria-label="Tool">
            <button type="button" role="radio" aria-checked={!erase} className={!erase ? 'active' : ''} onClick={() => setErase(false)} title="Brush (B): mark what to repaint">
              Brush
            </button>
            <button type="button" role="radio" aria-checked={erase} className={erase ? 'active' : ''} onClick={() => setErase(true)} title="Eraser (E): keep this area">
              Eraser
            </button>
          </div>
          <label className="painter-slider">
            Size <input type="range" min={2} max={Math.max(64, Math.round((size?.width ?? 1024) / 2))} value={brushSize} onChange={(e) => setBrushSize(Number(e.target.value))} aria-label="Brush size" />
            <span>{brushSize}px</span>
          </label>
          <label className="painter-slider">
            Softness <input type="range" min={0} max={1} step={0.05} value={softness} onChange={(e) => setSoftness(Number(e.target.value))} aria-label="Brush softness" />
          </label>
          <button type="button" onClick={() => act(fill)} title="Repaint everything">
            Fill
          </button>
          <button type="button" onClick={() => act(invert)} title="Swap what is repainted and what is kept">
            Invert
          </button>
          <button type="button" onClick={() => act((ctx) => ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height))} title="Keep everything">
            Clear
          </button>
          <button type="button" onClick={undo} disabled={undoCount === 0} title="Undo (Ctrl+Z)">
            Undo
          </button>
          <span className="spacer" />
          <span className="coverage" data-testid="mask-coverage" data-coverage={covered.toFixed(5)}>
            {Math.round(covered * 100)}% repainted
          </span>
        </header>
        <div className="painter-stage-wrap">
          {!size && <div className="painter-loading">Loading…</div>}
          {size && (
            <div className="painter-stage" style={{ width: stageWidth, aspectRatio: `${size.width} / ${size.height}` }}>
              {imageUrl && !imageError ? <img src={imageUrl} alt="" draggable={false} /> : <div className="painter-blank" />}
              <canvas
                ref={viewRef}
                width={size.width}
                height={size.height}
                data-testid="mask-canvas"
                onPointerDown={onPointerDown}
                onPointerMove={onPointerMove}
                onPointerUp={onPointerUp}
                onPointerCancel={onPointerUp}
                onPointerLeave={() => setCursor(undefined)}
              />
              {cursor && <div className="brush-cursor" style={{ left: cursor.x, top: cursor.y, width: cursor.d, height: cursor.d }} />}
            </div>
          )}
        </div>
        <footer>
          <span className="hint">
            {imageError ?? (imageUrl ? `${size?.width ?? ''} × ${size?.height ?? ''}: red is repainted, the rest is kept` : 'No image wired into this mask: painting on a 1024 × 1024 canvas')}
          </span>
          <span className="spacer" />
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={() => void save()} disabled={!size} data-testid="mask-save">
            Save mask
          </button>
        </footer>
      </div>
    </div>
  );
}
