// A node this editor cannot draw a form for: a type a newer Weft made, a `model` node whose stored schema
// is missing, or a kind the canvas does not edit yet. Shown, kept and saved back unchanged; the compiler's
// diagnostics say whether it runs. Its handles follow the edges that use it, so those stay drawn.
import { Handle, Position } from '@xyflow/react';
import type { WorkflowNode } from '../../engine';
import { useApp } from '../store/app-store';
import type { Diagnostic } from '../store/state';
import { useDocumentId } from './document-context';

export function UnknownNode({ node, selected, diagnostics }: { node: WorkflowNode; selected: boolean; diagnostics: readonly Diagnostic[] }) {
  const documentId = useDocumentId();
  const ports = useApp((state) => {
    const edges = state.docs[documentId]?.workflow.edges ?? [];
    const ins = edges.filter((e) => e.to.node === node.id).map((e) => e.to.port);
    const outs = edges.filter((e) => e.from.node === node.id).map((e) => e.from.port);
    return `${[...new Set(ins)].join(',')}|${[...new Set(outs)].join(',')}`;
  });
  const [ins, outs] = ports.split('|').map((s) => (s ? s.split(',') : []));
  return (
    <div className={`weft-node unknown${selected ? ' selected' : ''}`} data-testid={`node-${node.id}`}>
      <header className="node-header">
        <span className="node-title">{node.title ?? node.type}</span>
        <span className="node-id">{node.id}</span>
      </header>
      <div className="ports">
        <div className="ports-in">
          {ins!.map((p) => (
            <div key={p} className="port in">
              <Handle type="target" position={Position.Left} id={p} className="handle" />
              <span className="port-label">{p}</span>
            </div>
          ))}
        </div>
        <div className="ports-out">
          {outs!.map((p) => (
            <div key={p} className="port out">
              <span className="port-label">{p}</span>
              <Handle type="source" position={Position.Right} id={p} className="handle" />
            </div>
          ))}
        </div>
      </div>
      <p className="unknown-note">“{node.type}” nodes have no form in this editor: kept and saved back as they are.</p>
      {diagnostics.length > 0 && (
        <ul className="diagnostics">
          {diagnostics.map((d, i) => (
            <li key={i} className={d.severity}>
              {d.message}
            </li>
          ))}
        </ul>
      )}
      <pre className="unknown-params">{JSON.stringify(node.params ?? {}, null, 2)}</pre>
    </div>
  );
}
