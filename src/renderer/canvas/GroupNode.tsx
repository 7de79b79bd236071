// A group node: one node on the canvas standing for a named sub-graph. It shows the ports the group
// exposes, its state summed over the calls inside it, its outputs, and a read-only list of its inner
// nodes (what each sets, which params this node overrides). Inner nodes are edited by ungrouping. Zoomed
// out, it is drawn as a summary like any node (see NodeSummary).
import type { NodeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import { catalog } from '../../../nodes';
import type { Group, PortSpec, WorkflowNode } from '../../engine';
import { saveGroupToLibrary, ungroupNodeById } from '../commands/group-commands';
import { useApp } from '../store/app-store';
import { groupOf, innerNodes } from '../store/group-edits';
import { definitionOf } from '../store/workflow-edits';
import { useDocumentId, useFarAway } from './document-context';
import { useNodeFocused } from './node-focus';
import { sameNodeProps, type WeftFlowNode } from './flow-model';
import { NodeOutputs } from './NodeOutputs';
import { NodePorts } from './NodePorts';
import { CallsChip, NodeProgress, StatusBadge, StatusDetail } from './NodeStatusLine';
import { NodeSummary } from './NodeSummary';
import { NodeVariants } from './NodeVariants';
import { useNodeView } from './use-node-view';

const InnerList = memo(function InnerList({ nodeId, group, node }: { nodeId: string; group: Group; node: WorkflowNode }) {
  const inner = innerNodes(group, node);
  return (
    <div className="group-inner" data-testid={`group-inner-${nodeId}`}>
      <ul>
        {inner.map((n) => (
          <li key={n.id} data-testid={`group-inner-${nodeId}-${n.id}`}>
            <div className="inner-head">
              <span className="inner-id">{n.id}</span>
              <span className="inner-type">{n.title ? `${n.title} · ${n.type}` : n.type}</span>
            </div>
            {n.settings && <div className="inner-settings">{n.settings}</div>}
            {n.overridden.length > 0 && <div className="inner-overrides">set by this node: {n.overridden.join(', ')}</div>}
          </li>
        ))}
      </ul>
      <p className="muted">
        {group.edges.length} inner connection{group.edges.length === 1 ? '' : 's'}. Read-only here: ungroup to edit the nodes inside.
      </p>
    </div>
  );
});

const NO_PORTS: readonly PortSpec[] = [];

function GroupNodeComponent({ id, data, selected }: NodeProps<WeftFlowNode>) {
  const documentId = useDocumentId();
  const view = useNodeView(documentId, id);
  const node = data.node;
  const [open, setOpen] = useState(false);
  const group = useApp((s) => {
    const workflow = s.docs[documentId]?.workflow;
    return workflow ? groupOf(workflow, node) : undefined;
  });
  const definition = useApp((s) => {
    const workflow = s.docs[documentId]?.workflow;
    return workflow ? definitionOf(workflow, catalog, node) : undefined;
  });
  const farAway = useFarAway();
  const focused = useNodeFocused(documentId, id);
  const problems = [...Object.values(view.ports).flat(), ...view.general];
  if (farAway && !selected && !focused) {
    return (
      <NodeSummary
        id={id}
        title={node.title ?? group?.name ?? 'Group'}
        type="group"
        className="group-node"
        view={view}
        inputs={definition?.inputs ?? NO_PORTS}
        outputs={definition?.outputs ?? NO_PORTS}
        problems={problems}
      />
    );
  }
  return (
    <div className={`weft-node group-node status-${view.status.kind}${selected ? ' selected' : ''}`} data-testid={`node-${id}`} data-node-type="group">
      <header className="node-header">
        <span className="group-tag" aria-hidden>
          ▣
        </span>
        <span className="node-title">{node.title ?? group?.name ?? 'Group'}</span>
        <span className="node-id">{id}</span>
        <CallsChip nodeId={id} count={view.variants?.length} />
        <StatusBadge nodeId={id} status={view.status} />
        <NodeProgress nodeId={id} status={view.status} />
      </header>
      {definition && <NodePorts nodeId={id} inputs={definition.inputs} outputs={definition.outputs} diagnostics={view.ports} />}
      {group ? (
        <div className="group-body">
          {group.description && <p className="muted">{group.description}</p>}
          <div className="group-actions">
            <button type="button" className="nodrag" aria-expanded={open} onClick={() => setOpen(!open)} data-testid={`group-open-${id}`}>
              {open ? '▾' : '▸'} {group.nodes.length} nodes inside
            </button>
            <button type="button" className="nodrag" onClick={() => ungroupNodeById(documentId, id)} data-testid={`ungroup-${id}`} title="Put the inner nodes back on the canvas">
              Ungroup
            </button>
            <button type="button" className="nodrag" onClick={() => void saveGroupToLibrary(documentId, id)} data-testid={`save-group-${id}`} title="Save this group to the library, to reuse in other workflows">
              To library…
            </button>
          </div>
          {open && <InnerList nodeId={id} group={group} node={node} />}
        </div>
      ) : (
        <p className="unknown-note">This group node names no group of the workflow.</p>
      )}
      <NodeVariants nodeId={id} variants={view.variants} />
      <NodeOutputs nodeId={id} outputs={view.outputs} labels={view.outputLabels} stale={view.outputsStale} />
      <StatusDetail nodeId={id} status={view.status} />
      {problems.length > 0 && (
        <ul className="diagnostics" data-testid={`diagnostics-${id}`}>
          {problems.map((d, i) => (
            <li key={i} className={d.severity}>
              {d.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const GroupNode = memo(GroupNodeComponent, sameNodeProps);
