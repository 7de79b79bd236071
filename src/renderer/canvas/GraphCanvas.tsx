// The graph editor surface: React Flow in controlled mode over the document's workflow. Every change
// the user makes here (connect, move, delete) becomes one undoable workflow edit; selection and node
// sizes are session state; a refused connection says why.
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  useStoreApi,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
  type Viewport,
} from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent, type FocusEvent, type MouseEvent as ReactMouseEvent, type ReactNode } from 'react';
import { catalog } from '../../../nodes';
import { deleteElements, openPalette } from '../commands/edit-commands';
import { addImageNode, openOrImportImage } from '../commands/image-commands';
import { isImageFile } from '../lib/images';
import { appStore, useApp } from '../store/app-store';
import { setSelection } from '../store/documents';
import { editWorkflow } from '../store/history';
import type { Workflow } from '../../engine';
import { callSource, nodeView } from '../store/node-view';
import { toast } from '../store/toasts';
import { connect, moveNodes, refuseConnection, type Endpoint } from '../store/workflow-edits';
import { registerCanvas } from './canvas-bridge';
import { setFocusedNode } from './node-focus';
import { DocumentContext, FarAwayContext } from './document-context';
import { toFlowEdges, toFlowNodes, writeMeasured, type WeftFlowEdge, type WeftFlowNode } from './flow-model';
import { WEFT_IMAGE_MIME } from './NodeOutputs';
import { GroupNode } from './GroupNode';
import { WeftNode } from './WeftNode';

const NODE_TYPES = { weft: WeftNode, weftGroup: GroupNode };
const SNAP_GRID: [number, number] = [16, 16];
const EMPTY_MAP: ReadonlyMap<string, { x: number; y: number }> = new Map();
/** Above this many nodes, React Flow skips drawing what is off screen. */
const VIRTUALIZE_ABOVE = 80;
/** How long a big graph just opened waits for its first compile before it is drawn without it. */
const FIRST_COMPILE_WAIT_MS = 600;

/**
 * Below this zoom a node's text is unreadable (12 px type is under 5.4 px on screen): nodes are drawn as
 * summaries (see NodeSummary), which keeps big graphs fluid.
 */
const DETAIL_ZOOM = 0.45;
const zoomedOut = (s: { transform: [number, number, number] }) => s.transform[2] < DETAIL_ZOOM;
const viewMoved = (s: { transform: [number, number, number] }) => s.transform[0] !== 0 || s.transform[1] !== 0 || s.transform[2] !== 1;
/** Padding of the fit when a graph opens (React Flow's number form). */
const FIT_PADDING = 0.2;
// Props of React Flow that must keep their identity from one render to the next: it copies each prop that
// changes into its store, and every such update makes each node's subscriptions re-check (on every move of
// a drag, as the canvas re-renders with the dragged position).
const FIT_VIEW = { fitView: true, fitViewOptions: { padding: FIT_PADDING, maxZoom: 1 } } as const;
const DELETE_KEYS = ['Delete', 'Backspace'];
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
const MINIMAP_STYLE = { width: 150, height: 100 };

/**
 * The largest zoom fitting the graph into the window can come to: the nodes' positions alone (their
 * sizes only make the bounds bigger and the zoom smaller), in the whole window (the pane is no bigger).
 */
function fitZoomAtMost(workflow: Workflow): number {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const node of workflow.nodes) {
    minX = Math.min(minX, node.position.x);
    minY = Math.min(minY, node.position.y);
    maxX = Math.max(maxX, node.position.x);
    maxY = Math.max(maxY, node.position.y);
  }
  // What is left of a side once React Flow's padding (a number) is taken off it.
  const inner = (side: number) => side - 2 * Math.floor((side - side / (1 + FIT_PADDING)) * 0.5);
  const width = maxX - minX;
  const height = maxY - minY;
  return Math.min(width > 0 ? inner(window.innerWidth) / width : Infinity, height > 0 ? inner(window.innerHeight) / height : Infinity);
}

/**
 * Tells the nodes whether the view is zoomed out too far for their forms. With `untilFitted`, they are
 * also drawn without them until the view first moves (React Flow's fit, which measures the nodes at zoom
 * 1 first): a graph certain to be fitted below the detail zoom is then not drawn in full for nothing.
 */
function LevelOfDetail({ untilFitted, children }: { untilFitted: boolean; children: ReactNode }) {
  const farAway = useStore(zoomedOut);
  const moved = useStore(viewMoved);
  const [fitted, setFitted] = useState(!untilFitted);
  useEffect(() => {
    if (moved) setFitted(true);
  }, [moved]);
  return <FarAwayContext.Provider value={farAway || !fitted}>{children}</FarAwayContext.Provider>;
}

/**
 * The snap grid's dots, while they can be seen: React Flow scales the dots with the zoom, and below the
 * detail zoom they are specks under half a pixel, 7 px apart or less; drawing them (hundreds of thousands,
 * in software) was a quarter of the time to draw a frame of a big graph while panning.
 */
function GridDots() {
  const farAway = useStore(zoomedOut);
  if (farAway) return null;
  return <Background variant={BackgroundVariant.Dots} gap={16} size={1} color="#2b313c" />;
}

/** Where each document's view was left, so switching tabs comes back to the same place. */
const viewports = new Map<string, Viewport>();

const STATUS_COLORS: Record<string, string> = {
  cached: '#3f8f63',
  done: '#3f8f63',
  running: '#d9a441',
  queued: '#8a7a4a',
  failed: '#c94b45',
  error: '#c94b45',
  blocked: '#7a4a4a',
  stale: '#6f7fa8',
  'will-run': '#6f7fa8',
};

function endpoints(connection: Connection): [Endpoint, Endpoint] {
  return [
    { node: connection.source, port: connection.sourceHandle ?? '' },
    { node: connection.target, port: connection.targetHandle ?? '' },
  ];
}

function clientPoint(event: MouseEvent | TouchEvent): { x: number; y: number } {
  if ('changedTouches' in event && event.changedTouches.length) return { x: event.changedTouches[0]!.clientX, y: event.changedTouches[0]!.clientY };
  const mouse = event as MouseEvent;
  return { x: mouse.clientX, y: mouse.clientY };
}

export function GraphCanvas({ documentId }: { documentId: string }) {
  const workflow = useApp((s) => s.docs[documentId]?.workflow);
  const selection = useApp((s) => s.docs[documentId]?.selection);
  const initialViewport = useApp((s) => s.docs[documentId]?.viewport);
  const invalidKey = useApp((s) => (s.docs[documentId]?.compile?.result.diagnostics ?? []).filter((d) => d.edge && d.severity === 'error').map((d) => d.edge).join(','));
  const flowingKey = useApp((s) => {
    const run = s.docs[documentId]?.run;
    if (!run) return '';
    return Object.entries(run.nodes).filter(([, n]) => n.phase === 'running' || n.phase === 'uploading').map(([id]) => callSource(id)).join(',');
  });
  const [dragging, setDragging] = useState<ReadonlyMap<string, { x: number; y: number }>>(EMPTY_MAP);
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(new Set());
  const flow = useReactFlow<WeftFlowNode, WeftFlowEdge>();
  // Decided once, when the canvas mounts: React Flow acts on a `fitView` prop whenever it appears. An
  // empty graph is not fitted either: the fit would come with the first node and jump the view under the
  // user's pointer as they start building.
  const [start] = useState(() => viewports.get(documentId) ?? initialViewport ?? (workflow?.nodes.length ? undefined : { x: 0, y: 0, zoom: 1 }));
  // A graph that the fit will certainly zoom out below the detail zoom is drawn without forms from the start.
  const [detailAfterFit] = useState(() => !start && !!workflow?.nodes.length && fitZoomAtMost(workflow) < DETAIL_ZOOM);
  const pointer = useRef<{ x: number; y: number } | undefined>(undefined);
  // A big graph just opened is drawn once its first compile has answered (or after FIRST_COMPILE_WAIT_MS),
  // with its states and outputs, instead of drawn, measured, then re-drawn and measured again when they
  // arrive a moment later.
  const compiled = useApp((s) => Boolean(s.docs[documentId]?.compile || s.docs[documentId]?.compileError));
  const [waited, setWaited] = useState(() => compiled || (workflow?.nodes.length ?? 0) <= VIRTUALIZE_ABOVE);
  useEffect(() => {
    if (waited) return;
    const timer = setTimeout(() => setWaited(true), FIRST_COMPILE_WAIT_MS);
    return () => clearTimeout(timer);
  }, [waited]);
  const drawn = waited || compiled;

  useEffect(() => {
    // The pointer in window coordinates: nodes added from the keyboard or a paste go where it is when it
    // is over the canvas, else in the middle of the view.
    const track = (event: PointerEvent) => {
      pointer.current = { x: event.clientX, y: event.clientY };
    };
    window.addEventListener('pointermove', track, { passive: true });
    registerCanvas({
      fitView: () => void flow.fitView({ padding: 0.15, duration: 200 }),
      viewport: () => flow.getViewport(),
      visibleCentre: () => {
        const pane = document.querySelector('.react-flow__pane')?.getBoundingClientRect();
        const p = pointer.current;
        if (pane && p && p.x >= pane.left && p.x <= pane.right && p.y >= pane.top && p.y <= pane.bottom) return flow.screenToFlowPosition(p);
        return flow.screenToFlowPosition(pane ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 } : { x: window.innerWidth / 2, y: window.innerHeight / 2 });
      },
      screenToFlow: (point) => flow.screenToFlowPosition(point),
    });
    return () => {
      window.removeEventListener('pointermove', track);
      registerCanvas(undefined);
    };
  }, [flow]);

  // Sizes are read, not subscribed to: a measurement changes no node object (see toFlowNodes).
  const nodes = useMemo(() => (workflow ? toFlowNodes(workflow, selection ?? [], appStore.get().docs[documentId]?.measured ?? {}, dragging) : []), [workflow, selection, dragging, documentId]);
  const nodesRef = useRef(nodes);
  useLayoutEffect(() => {
    nodesRef.current = nodes;
  }, [nodes]);
  const flowStore = useStoreApi();
  const invalid = useMemo(() => new Set(invalidKey ? invalidKey.split(',') : []), [invalidKey]);
  const flowing = useMemo(() => new Set(flowingKey ? flowingKey.split(',') : []), [flowingKey]);
  const edges = useMemo(() => (workflow ? toFlowEdges(workflow, invalid, flowing, selectedEdges) : []), [workflow, invalid, flowing, selectedEdges]);

  const onNodesChange = useCallback(
    (changes: NodeChange<WeftFlowNode>[]) => {
      const moving = new Map<string, { x: number; y: number }>();
      const moved: Record<string, { x: number; y: number }> = {};
      let select: Map<string, boolean> | undefined;
      let sizes: Record<string, { width: number; height: number }> | undefined;
      for (const change of changes) {
        if (change.type === 'position' && change.position) {
          if (change.dragging) moving.set(change.id, change.position);
          else moved[change.id] = change.position;
        } else if (change.type === 'select') {
          (select ??= new Map()).set(change.id, change.selected);
        } else if (change.type === 'dimensions' && change.dimensions) {
          (sizes ??= {})[change.id] = change.dimensions;
        }
      }
      if (moving.size) setDragging((previous) => new Map([...previous, ...moving]));
      if (Object.keys(moved).length) {
        editWorkflow(documentId, { label: 'move' }, (w) => moveNodes(w, moved));
        setDragging((previous) => {
          const next = new Map(previous);
          for (const id of Object.keys(moved)) next.delete(id);
          return next.size ? next : EMPTY_MAP;
        });
      }
      if (select) {
        const current = new Set(appStore.get().docs[documentId]?.selection ?? []);
        for (const [id, on] of select) {
          if (on) current.add(id);
          else current.delete(id);
        }
        setSelection(documentId, [...current]);
      }
      if (sizes) {
        const measuredSizes = sizes;
        // The minimap reads sizes from our node objects: write them there, and have it look again.
        writeMeasured(nodesRef.current, measuredSizes);
        flowStore.setState({});
        appStore.update((state) => {
          const doc = state.docs[documentId];
          if (!doc) return;
          for (const [id, size] of Object.entries(measuredSizes)) {
            const old = doc.measured[id];
            if (!old || old.width !== size.width || old.height !== size.height) doc.measured[id] = size;
          }
        });
      }
    },
    [documentId, flowStore],
  );

  const onEdgesChange = useCallback((changes: EdgeChange<WeftFlowEdge>[]) => {
    const select = changes.filter((c) => c.type === 'select');
    if (!select.length) return;
    setSelectedEdges((previous) => {
      const next = new Set(previous);
      for (const c of select) {
        if (c.selected) next.add(c.id);
        else next.delete(c.id);
      }
      return next;
    });
  }, []);

  const isValidConnection: IsValidConnection<WeftFlowEdge> = useCallback(
    (connection) => {
      const doc = appStore.get().docs[documentId];
      if (!doc) return false;
      const [from, to] = endpoints(connection as Connection);
      return refuseConnection(doc.workflow, catalog, from, to) === undefined;
    },
    [documentId],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const [from, to] = endpoints(connection);
      editWorkflow(documentId, { label: 'connect' }, (w) => connect(w, catalog, from, to));
    },
    [documentId],
  );

  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (!state.fromHandle || !state.fromNode) return;
      const fromSide = state.fromHandle.type === 'source' ? 'output' : 'input';
      if (state.toHandle && state.isValid === false) {
        const here = { node: state.fromNode.id, port: state.fromHandle.id ?? '' };
        const there = { node: state.toHandle.nodeId, port: state.toHandle.id ?? '' };
        const doc = appStore.get().docs[documentId];
        const reason = doc && (fromSide === 'output' ? refuseConnection(doc.workflow, catalog, here, there) : refuseConnection(doc.workflow, catalog, there, here));
        toast(`Cannot connect: ${reason ?? 'these ports do not fit'}`, 'error');
        return;
      }
      const target = event.target as Element | null;
      if (!state.toNode && !state.toHandle && target?.closest('.react-flow__pane')) {
        openPalette({ mode: 'connect', at: flow.screenToFlowPosition(clientPoint(event)), from: { node: state.fromNode.id, port: state.fromHandle.id ?? '', side: fromSide } });
      }
    },
    [documentId, flow],
  );

  const onDelete = useCallback(({ nodes: gone, edges: cut }: { nodes: WeftFlowNode[]; edges: WeftFlowEdge[] }) => {
    deleteElements(
      gone.map((n) => n.id),
      cut.map((e) => e.id),
    );
    setSelectedEdges(new Set());
  }, []);

  const onDoubleClick = useCallback(
    (event: ReactMouseEvent) => {
      if (!(event.target as Element).classList.contains('react-flow__pane')) return;
      openPalette({ mode: 'add', at: flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }) });
    },
    [flow],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    const types = [...event.dataTransfer.types];
    if (types.includes(WEFT_IMAGE_MIME) || types.includes('Files')) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const sha256 = event.dataTransfer.getData(WEFT_IMAGE_MIME);
      if (sha256) {
        event.preventDefault();
        event.stopPropagation();
        void addImageNode(documentId, at, { sha256 });
        return;
      }
      const images = [...event.dataTransfer.files].filter(isImageFile);
      if (!images.length) return; // a .weft goes on to the window's handler, which opens it
      event.preventDefault();
      event.stopPropagation();
      // An image Weft saved opens the workflow it carries; any other becomes an image node here.
      images.forEach((file, i) => void openOrImportImage(file, { documentId, at: { x: at.x + i * 40, y: at.y + i * 40 } }));
    },
    [documentId, flow],
  );

  // The node holding the keyboard focus is drawn in full even when zoomed out (see node-focus.ts).
  const onFocus = useCallback(
    (event: FocusEvent) => {
      const node = (event.target as Element).closest('.react-flow__node');
      setFocusedNode(documentId, node?.getAttribute('data-id') ?? undefined);
    },
    [documentId],
  );
  const onBlur = useCallback(
    (event: FocusEvent) => {
      // Moving to another node (or within one) is told by its focus event; leaving the nodes clears.
      if ((event.relatedTarget as Element | null)?.closest?.('.react-flow__node')) return;
      setFocusedNode(documentId, undefined);
    },
    [documentId],
  );
  useEffect(() => () => setFocusedNode(documentId, undefined), [documentId]);

  const onMoveEnd = useCallback((_: unknown, viewport: Viewport) => viewports.set(documentId, viewport), [documentId]);

  const minimapColor = useCallback((node: WeftFlowNode) => STATUS_COLORS[nodeView(appStore.get().docs[documentId], node.id).status.kind] ?? '#4a5060', [documentId]);

  if (!workflow) return null;
  return (
    <DocumentContext.Provider value={documentId}>
      <LevelOfDetail untilFitted={detailAfterFit}>
        <div className="canvas" data-testid="canvas" onDoubleClick={onDoubleClick} onDragOver={onDragOver} onDrop={onDrop} onFocus={onFocus} onBlur={onBlur}>
          {drawn && (
            <ReactFlow<WeftFlowNode, WeftFlowEdge>
              nodes={nodes}
              edges={edges}
              nodeTypes={NODE_TYPES}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={onConnect}
              onConnectEnd={onConnectEnd}
              isValidConnection={isValidConnection}
              onDelete={onDelete}
              onMoveEnd={onMoveEnd}
              {...(start ? { defaultViewport: start } : FIT_VIEW)}
              minZoom={0.1}
              maxZoom={2.5}
              snapToGrid
              snapGrid={SNAP_GRID}
              zoomOnDoubleClick={false}
              deleteKeyCode={DELETE_KEYS}
              multiSelectionKeyCode={MULTI_SELECT_KEYS}
              selectionKeyCode="Shift"
              connectionRadius={28}
              onlyRenderVisibleElements={workflow.nodes.length > VIRTUALIZE_ABOVE}
              colorMode="dark"
              nodeDragThreshold={2}
            >
              <GridDots />
              <MiniMap pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={0} maskColor="rgba(12,14,18,0.7)" ariaLabel="Minimap" style={MINIMAP_STYLE} />
              <Controls showInteractive={false} />
            </ReactFlow>
          )}
        </div>
      </LevelOfDetail>
    </DocumentContext.Provider>
  );
}
