// Compile works on the flat graph, but the user sees the canvas: a problem found on `g/s1` is reported on
// the group node `g`, naming the inner node in its message (for readers that show only the message) and
// in `inner` (for an editor that opens the group at the right place).
import type { Diagnostic, InnerLocation } from '../diagnostics';
import type { Plan } from '../compile/plan';
import type { GroupExpansion } from './expand';

type Maps = Pick<GroupExpansion, 'origins' | 'edgeOrigins' | 'exposedInputs'>;

export function canvasDiagnostic(d: Diagnostic, maps: Maps): Diagnostic {
  const edgeOrigin = d.edge !== undefined ? maps.edgeOrigins.get(d.edge) : undefined;
  const canvasEdge = edgeOrigin && 'edge' in edgeOrigin ? edgeOrigin.edge : undefined;
  const innerEdge = edgeOrigin && 'canvas' in edgeOrigin ? edgeOrigin : undefined;
  const nodeOrigin = d.node !== undefined ? maps.origins.get(d.node) : undefined;
  if (!nodeOrigin && !innerEdge) return canvasEdge !== undefined && canvasEdge !== d.edge ? { ...d, edge: canvasEdge } : d;

  const canvas = nodeOrigin?.canvas ?? innerEdge!.canvas;
  const innerNode = nodeOrigin?.inner ?? (d.node?.startsWith(`${canvas}/`) ? d.node.slice(canvas.length + 1) : undefined);
  // An inner input the group shows outside is that input of the group node: the editor can mark it there.
  const exposed = d.node !== undefined && d.port !== undefined ? maps.exposedInputs.get(`${d.node}\0${d.port}`) : undefined;
  const inner: InnerLocation = {
    ...(innerNode !== undefined ? { node: innerNode } : {}),
    ...(d.port !== undefined ? { port: d.port } : {}),
    ...(d.param !== undefined ? { param: d.param } : {}),
    ...(innerEdge ? { edge: innerEdge.inner } : {}),
  };
  const where = innerEdge
    ? `inner edge ${innerEdge.inner}`
    : `inner node ${innerNode}${d.param !== undefined ? `, param ${d.param}` : d.port !== undefined && exposed === undefined ? `, input ${d.port}` : ''}`;
  const { port: _port, param: _param, edge: _edge, ...rest } = d;
  return {
    ...rest,
    node: canvas,
    ...(exposed !== undefined ? { port: exposed } : {}),
    ...(canvasEdge !== undefined ? { edge: canvasEdge } : {}),
    inner,
    message: `${where}: ${d.message}`,
  };
}

/** A Plan of the flat graph, told in the canvas's terms: each call's `source` is the node on the canvas. */
export function attributeToCanvas(plan: Plan, expansion: GroupExpansion): Plan {
  if (!expansion.expanded) return plan;
  return {
    ...plan,
    calls: plan.calls.map((call) => {
      const origin = expansion.origins.get(call.source);
      return origin ? { ...call, source: origin.canvas } : call;
    }),
    diagnostics: [...expansion.diagnostics, ...plan.diagnostics.map((d) => canvasDiagnostic(d, expansion))],
  };
}
