// "Tidy": lays a graph out in columns by dependency depth (sources on the left), stacking each column
// with the nodes' measured heights, keeping their vertical order. Pure: positions in, positions out.
import type { Workflow } from '../../engine';

const COLUMN_GAP = 80;
const ROW_GAP = 40;
const DEFAULT_SIZE = { width: 300, height: 200 };

export function tidyPositions(workflow: Workflow, measured: Readonly<Record<string, { width: number; height: number }>>): Record<string, { x: number; y: number }> {
  const depth = new Map<string, number>();
  const incoming = new Map<string, string[]>();
  for (const edge of workflow.edges) incoming.set(edge.to.node, [...(incoming.get(edge.to.node) ?? []), edge.from.node]);
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0; // a cycle: the compiler reports it; layout just stops climbing
    visiting.add(id);
    const d = Math.max(-1, ...(incoming.get(id) ?? []).filter((from) => workflow.nodes.some((n) => n.id === from)).map(depthOf)) + 1;
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  const columns: string[][] = [];
  for (const node of workflow.nodes) (columns[depthOf(node.id)] ??= []).push(node.id);
  const byId = new Map(workflow.nodes.map((n) => [n.id, n] as const));
  const positions: Record<string, { x: number; y: number }> = {};
  const left = Math.min(...workflow.nodes.map((n) => n.position.x));
  const top = Math.min(...workflow.nodes.map((n) => n.position.y));
  let x = Number.isFinite(left) ? left : 0;
  for (const column of columns) {
    if (!column) continue;
    column.sort((a, b) => byId.get(a)!.position.y - byId.get(b)!.position.y);
    let y = Number.isFinite(top) ? top : 0;
    let width = 0;
    for (const id of column) {
      const size = measured[id] ?? DEFAULT_SIZE;
      positions[id] = { x, y };
      y += size.height + ROW_GAP;
      width = Math.max(width, size.width);
    }
    x += width + COLUMN_GAP;
  }
  return positions;
}
