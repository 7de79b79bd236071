// The generic form of a node: one field per param of its spec. Params the model ignores here, and
// optional ones left unset, fold under "More" so the common settings stay in view; anything set or
// flagged is always shown.
import { memo, useState } from 'react';
import type { ParamSpecs } from '../../engine';
import type { NodeView } from '../store/node-view';
import { ParamField } from '../widgets/ParamField';

interface Props {
  nodeId: string;
  specs: ParamSpecs;
  params: Readonly<Record<string, unknown>>;
  /** Params a special widget draws instead. */
  skip: ReadonlySet<string>;
  view: NodeView;
  /** Whether params may sweep here (not on output nodes). */
  canSweep: boolean;
  onChange(name: string, value: unknown, options?: { merge?: boolean }): void;
}

export const NodeParams = memo(function NodeParams({ nodeId, specs, params, skip, view, canSweep, onChange }: Props) {
  const [expanded, setExpanded] = useState(false);
  const ignored = new Set(view.info?.ignoredParams ?? []);
  const wired = new Set(view.info?.wiredParams ?? []);
  const entries = Object.entries(specs).filter(([name]) => !skip.has(name));
  const folded = (name: string) => {
    const spec = specs[name]!;
    if (params[name] !== undefined || view.params[name]?.length) return false;
    if (ignored.has(name)) return true;
    const unsetMeaningless = spec.optional && !('default' in spec && spec.default !== undefined) && !('unsetLabel' in spec && spec.unsetLabel);
    return Boolean(unsetMeaningless);
  };
  const visible = entries.filter(([name]) => !folded(name));
  const hidden = entries.filter(([name]) => folded(name));
  const field = ([name, spec]: (typeof entries)[number]) => (
    <ParamField
      key={name}
      nodeId={nodeId}
      name={name}
      spec={spec}
      value={params[name]}
      diagnostics={view.params[name]}
      ignored={wired.has(name) ? 'wired' : ignored.has(name) ? 'by-model' : undefined}
      lastSeed={spec.kind === 'seed' ? view.lastSeed : undefined}
      triggers={spec.kind === 'text' && spec.multiline ? view.triggers : undefined}
      canSweep={canSweep}
      onChange={onChange}
    />
  );
  return (
    <div className="params">
      {visible.map(field)}
      {hidden.length > 0 && (
        <button type="button" className="more nodrag" aria-expanded={expanded} onClick={() => setExpanded(!expanded)} data-testid={`more-${nodeId}`}>
          {expanded ? '▾ Fewer settings' : `▸ More settings (${hidden.length})`}
        </button>
      )}
      {expanded && hidden.map(field)}
    </div>
  );
});
