// One node on the canvas, drawn from its catalog definition: header with state, typed ports, the param
// form (or a special widget), the compiler's facts and diagnostics, and the latest outputs; a summary of
// these when the canvas is zoomed out too far to read them (unless the node is selected or focused).
// Memoised and fed only its own slice of state, so a big graph does not re-render when one node changes.
import type { NodeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import { catalog } from '../../../nodes';
import type { NodeDefinition, WorkflowNode } from '../../engine';
import { editWorkflow } from '../store/history';
import { useApp } from '../store/app-store';
import { definitionOf, setCollapsed, setTitle } from '../store/workflow-edits';
import { ImageSourceWidget } from '../widgets/ImageSourceWidget';
import { MaskWidget } from '../widgets/MaskWidget';
import { useDocumentId, useFarAway } from './document-context';
import { useNodeFocused } from './node-focus';
import { sameNodeProps, type WeftFlowNode } from './flow-model';
import { NodeFacts } from './NodeFacts';
import { NodeGridImage } from './NodeGridImage';
import { NodeOutputs } from './NodeOutputs';
import { NodeParams } from './NodeParams';
import { NodePorts } from './NodePorts';
import { CallsChip, NodeProgress, StatusBadge, StatusDetail } from './NodeStatusLine';
import { NodeSummary } from './NodeSummary';
import { NodeVariants } from './NodeVariants';
import { UnknownNode } from './UnknownNode';
import { useNodeView, useParamSetter } from './use-node-view';

/** Params a special widget draws itself; the rest of the node's params get generic fields. */
function ownedBySpecialWidget(definition: NodeDefinition): Set<string> {
  if (!definition.widget) return new Set();
  return new Set(Object.entries(definition.params).filter(([, spec]) => spec.kind === 'text' && (spec.widget === 'asset' || spec.widget === 'path' || spec.widget === 'url')).map(([name]) => name));
}
const skipCache = new Map<string, Set<string>>();
function skipFor(definition: NodeDefinition): Set<string> {
  let skip = skipCache.get(definition.type);
  if (!skip) skipCache.set(definition.type, (skip = ownedBySpecialWidget(definition)));
  return skip;
}

function Title({ documentId, node, fallback }: { documentId: string; node: WorkflowNode; fallback: string }) {
  const [editing, setEditing] = useState(false);
  const title = node.title ?? fallback;
  if (editing) {
    return (
      <input
        className="title-input nodrag"
        autoFocus
        defaultValue={title}
        aria-label="Node title"
        onBlur={(e) => {
          editWorkflow(documentId, { label: 'rename node' }, (w) => setTitle(w, node.id, e.target.value === fallback ? undefined : e.target.value));
          setEditing(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
          if (e.key === 'Escape') setEditing(false);
        }}
      />
    );
  }
  return (
    <span className="node-title" onDoubleClick={() => setEditing(true)} title="Double-click to rename">
      {title}
    </span>
  );
}

function WeftNodeComponent({ id, data, selected }: NodeProps<WeftFlowNode>) {
  const documentId = useDocumentId();
  const view = useNodeView(documentId, id);
  const onParam = useParamSetter(documentId, id);
  const farAway = useFarAway();
  const focused = useNodeFocused(documentId, id);
  const folded = useApp((s) => {
    const list = s.docs[documentId]?.workflow.ui?.collapsed;
    return Array.isArray(list) && list.includes(id);
  });
  const node = data.node;
  // The catalog's type, or for a `model` node the definition built from the schema the workflow stores.
  const definition = useApp((s) => {
    const workflow = s.docs[documentId]?.workflow;
    return workflow ? definitionOf(workflow, catalog, node) : catalog.get(node.type);
  });
  if (!definition) return <UnknownNode node={node} selected={selected} diagnostics={view.general} />;
  const general = view.general.filter((d) => d.code !== 'upstream-error' || view.status.kind !== 'blocked');
  const portProblems = definition.inputs.flatMap((port) => (view.ports[port.name] ?? []).map((d) => ({ ...d, message: `${port.label}: ${d.message}` })));
  const listed = [...portProblems, ...general];
  if (farAway && !selected && !focused) {
    return (
      <NodeSummary
        id={id}
        title={node.title ?? definition.title}
        type={node.type}
        className={`category-${definition.category}`}
        view={view}
        inputs={definition.inputs}
        outputs={definition.outputs}
        problems={listed}
      />
    );
  }
  return (
    <div className={`weft-node category-${definition.category} status-${view.status.kind}${selected ? ' selected' : ''}`} data-testid={`node-${id}`} data-node-type={node.type}>
      <header className="node-header">
        <button
          type="button"
          className="fold nodrag"
          aria-expanded={!folded}
          aria-label={folded ? 'Unfold the node' : 'Fold the node'}
          title={folded ? 'Show the settings' : 'Hide the settings (ports and outputs stay)'}
          onClick={() => editWorkflow(documentId, { label: folded ? 'unfold node' : 'fold node' }, (w) => setCollapsed(w, id, !folded))}
        >
          {folded ? '▸' : '▾'}
        </button>
        <Title documentId={documentId} node={node} fallback={definition.title} />
        <span className="node-id">{id}</span>
        <CallsChip nodeId={id} count={view.variants?.length} />
        <StatusBadge nodeId={id} status={view.status} />
        <NodeProgress nodeId={id} status={view.status} />
      </header>
      <NodePorts nodeId={id} inputs={definition.inputs} outputs={definition.outputs} diagnostics={view.ports} />
      {!folded && (
        <>
          {definition.widget === 'image-source' && <ImageSourceWidget documentId={documentId} node={node} />}
          {definition.widget === 'mask-painter' && <MaskWidget documentId={documentId} node={node} />}
          <NodeParams nodeId={id} specs={definition.params} params={node.params ?? {}} skip={skipFor(definition)} view={view} canSweep={definition.category !== 'output'} onChange={onParam} />
          <NodeFacts nodeId={id} info={view.info} estimate={view.estimate} />
          <NodeVariants nodeId={id} variants={view.variants} />
        </>
      )}
      <NodeGridImage nodeId={id} image={view.grid} />
      <NodeOutputs nodeId={id} outputs={view.outputs} labels={view.outputLabels} stale={view.outputsStale} />
      <StatusDetail nodeId={id} status={view.status} />
      {listed.length > 0 && (
        <ul className="diagnostics" data-testid={`diagnostics-${id}`}>
          {listed.map((d, i) => (
            <li key={i} className={d.severity}>
              {d.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const WeftNode = memo(WeftNodeComponent, sameNodeProps);
