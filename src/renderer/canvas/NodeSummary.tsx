// A node drawn as a summary, when the canvas is zoomed out too far for its text to be read: its header
// (title, id, calls, state and progress), its handles without labels, its outputs, and how many problems
// it has (their messages in a tooltip). No form and no labels, a few elements a node: a big graph opens,
// and pans, faster. The full node comes back when the view zooms in, or when the node is selected or
// focused (keyboard users and screen readers reach the whole form).
import type { PortSpec } from '../../engine';
import type { NodeView } from '../store/node-view';
import type { Diagnostic } from '../store/state';
import { NodeGridImage } from './NodeGridImage';
import { NodeOutputs } from './NodeOutputs';
import { NodePorts } from './NodePorts';
import { CallsChip, NodeProgress, StatusBadge } from './NodeStatusLine';

interface Props {
  id: string;
  title: string;
  type: string;
  /** Extra classes of the node's box: its category, `group-node`. */
  className: string;
  view: NodeView;
  inputs: readonly PortSpec[];
  outputs: readonly PortSpec[];
  /** What the full node lists under its form. */
  problems: readonly Diagnostic[];
}

const SEVERITY_ORDER = ['error', 'warning', 'info'] as const;

export function NodeSummary({ id, title, type, className, view, inputs, outputs, problems }: Props) {
  const worst = SEVERITY_ORDER.find((s) => problems.some((d) => d.severity === s));
  return (
    <div className={`weft-node summary ${className} status-${view.status.kind}`} data-testid={`node-${id}`} data-node-type={type} data-detail="summary">
      <header className="node-header">
        <span className="node-title">{title}</span>
        <span className="node-id">{id}</span>
        <CallsChip nodeId={id} count={view.variants?.length} />
        <StatusBadge nodeId={id} status={view.status} />
        <NodeProgress nodeId={id} status={view.status} />
      </header>
      <NodePorts nodeId={id} inputs={inputs} outputs={outputs} diagnostics={view.ports} compact />
      <NodeGridImage nodeId={id} image={view.grid} />
      <NodeOutputs nodeId={id} outputs={view.outputs} labels={view.outputLabels} stale={view.outputsStale} />
      {worst && (
        <div className={`summary-problems ${worst}`} data-testid={`problems-${id}`} title={problems.map((d) => d.message).join('\n')}>
          {problems.length === 1 ? `1 ${worst === 'info' ? 'note' : worst}` : `${problems.length} ${worst === 'info' ? 'notes' : 'problems'}`}
        </div>
      )}
    </div>
  );
}
