// A node's inputs (left) and outputs (right): typed, coloured handles with their labels. A port with a
// problem is marked here and explained below the form: the rows never change height, so a handle never
// moves under the pointer when a compile result arrives.
//
// `compact` (a node drawn as a summary, zoomed out): the handles alone, one grid cell each, their label
// and type in a tooltip; the same handles (ids, test ids, colours), so edges and connections still work.
import { Handle, Position } from '@xyflow/react';
import { memo } from 'react';
import { describePortType, type PortSpec } from '../../engine';
import type { Diagnostic } from '../store/state';
import { portColor } from './port-colors';

interface Props {
  nodeId: string;
  inputs: readonly PortSpec[];
  outputs: readonly PortSpec[];
  diagnostics: Record<string, Diagnostic[]>;
  compact?: boolean;
}

function portTitle(port: PortSpec, side: 'input' | 'output'): string {
  const accepts = port.accepts?.length ? ` (also ${port.accepts.map(describePortType).join(', ')})` : '';
  const what = side === 'input' ? `takes ${describePortType(port.type)}${accepts}${port.optional ? ', optional' : ''}` : `gives ${describePortType(port.type)}`;
  return `${port.label}: ${what}${port.description ? `. ${port.description}` : ''}`;
}

// One style object per port type (and grid cell, compact), so React compares them by identity.
const handleStyles = new Map<string, { background: string; gridColumn?: number; gridRow?: number }>();
function handleStyle(type: PortSpec['type'], cell?: { column: number; row: number }) {
  const key = cell ? `${type}:${cell.column}:${cell.row}` : type;
  let style = handleStyles.get(key);
  if (!style) handleStyles.set(key, (style = cell ? { background: portColor(type), gridColumn: cell.column, gridRow: cell.row } : { background: portColor(type) }));
  return style;
}

function CompactPorts({ nodeId, inputs, outputs, diagnostics }: Props) {
  return (
    <div className="ports compact">
      {inputs.map((port, i) => {
        const problems = diagnostics[port.name] ?? [];
        const bad = problems.some((d) => d.severity === 'error');
        return (
          <Handle
            key={`in-${port.name}`}
            type="target"
            position={Position.Left}
            id={port.name}
            className={`handle type-${port.type}${bad ? ' bad' : ''}`}
            style={handleStyle(port.type, { column: 1, row: i + 1 })}
            title={[portTitle(port, 'input'), ...problems.map((d) => d.message)].join('\n')}
            data-testid={`handle-${nodeId}-in-${port.name}`}
          />
        );
      })}
      {outputs.map((port, i) => (
        <Handle
          key={`out-${port.name}`}
          type="source"
          position={Position.Right}
          id={port.name}
          className={`handle type-${port.type}`}
          style={handleStyle(port.type, { column: 2, row: i + 1 })}
          title={portTitle(port, 'output')}
          data-testid={`handle-${nodeId}-out-${port.name}`}
        />
      ))}
    </div>
  );
}

export const NodePorts = memo(function NodePorts(props: Props) {
  const { nodeId, inputs, outputs, diagnostics, compact } = props;
  if (inputs.length === 0 && outputs.length === 0) return null;
  if (compact) return <CompactPorts {...props} />;
  return (
    <div className="ports">
      <div className="ports-in">
        {inputs.map((port) => {
          const problems = diagnostics[port.name] ?? [];
          const bad = problems.some((d) => d.severity === 'error');
          return (
            <div key={port.name} className={`port in${bad ? ' bad' : ''}`} title={[portTitle(port, 'input'), ...problems.map((d) => d.message)].join('\n')}>
              <Handle type="target" position={Position.Left} id={port.name} className={`handle type-${port.type}`} style={handleStyle(port.type)} data-testid={`handle-${nodeId}-in-${port.name}`} />
              <span className="port-label">
                {port.label}
                {!port.optional && <span className="required" aria-label="required">*</span>}
              </span>
            </div>
          );
        })}
      </div>
      <div className="ports-out">
        {outputs.map((port) => (
          <div key={port.name} className="port out" title={portTitle(port, 'output')}>
            <span className="port-label">{port.label}</span>
            <Handle type="source" position={Position.Right} id={port.name} className={`handle type-${port.type}`} style={handleStyle(port.type)} data-testid={`handle-${nodeId}-out-${port.name}`} />
          </div>
        ))}
      </div>
    </div>
  );
});
