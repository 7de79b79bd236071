// What commands outside the canvas need from React Flow (fit the view, the visible centre, the viewport
// to save), registered by the canvas while it is mounted.

export interface CanvasBridge {
  fitView(): void;
  viewport(): { x: number; y: number; zoom: number };
  /** The flow position at the centre of what the user sees, for nodes added without a pointer. */
  visibleCentre(): { x: number; y: number };
  screenToFlow(point: { x: number; y: number }): { x: number; y: number };
}

let bridge: CanvasBridge | undefined;

export function registerCanvas(next: CanvasBridge | undefined): void {
  bridge = next;
}

export function canvas(): CanvasBridge | undefined {
  return bridge;
}
