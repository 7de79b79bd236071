// A node's inputs (left) and outputs (right): typed, coloured handles with their labels. A port with a
// problem is marked here and explained below the form: the rows never change height, so a handle never
// moves under the pointer when a compile result arrives.
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
}

function portTitle(port: PortSpec, side: 'input' | 'output'): string {
  const accepts = port.accepts?.length ? ` (also ${port.accepts.map(describePortType).join(', ')})` : '';
  const what = side === 'input' ? `takes ${describePortType(port.type)}${accepts}${port.optional ? ', optional' : ''}` : `gives ${describePortType(port.type)}`;
  return `${port.label}: ${what}${port.description ? `. ${port.description}` : ''}`;
}

export const NodePorts = memo(function NodePorts({ nodeId, inputs, outputs, diagnostics }: Props) {
  if (inputs.length === 0 && outputs.length === 0) return null;
  return (
    <div className="ports">
      <div className="ports-in">
        {inputs.map((port) => {
          const problems = diagnostics[port.name] ?? [];
          const bad = problems.some((d) => d.severity === 'error');
          return (
            <div key={port.name} className={`port in${bad ? ' bad' : ''}`} title={[portTitle(port, 'input'), ...problems.map((d) => d.message)].join('\n')}>
              <Handle
                type="target"
                position={Position.Left}
                id={port.name}
                className={`handle type-${port.type}`}
                style={{ background: portColor(port.type) }}
                data-testid={`handle-${nodeId}-in-${port.name}`}
              />
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
            <Handle
              type="source"
              position={Position.Right}
              id={port.name}
              className={`handle type-${port.type}`}
              style={{ background: portColor(port.type) }}
              data-testid={`handle-${nodeId}-out-${port.name}`}
            />
          </div>
        ))}
      </div>
    </div>
  );
});
