// The calls a node expands to (a sweep's variants, a group's inner calls), each with its label and state:
// "seed=2 · done". Long lists show their first calls and say how many more there are.
import { memo, useState } from 'react';
import type { VariantView } from '../store/node-view';

const SHOWN = 8;

export const NodeVariants = memo(function NodeVariants({ nodeId, variants }: { nodeId: string; variants: readonly VariantView[] | undefined }) {
  const [all, setAll] = useState(false);
  if (!variants || variants.length < 2) return null;
  const done = variants.filter((v) => v.kind === 'done' || v.kind === 'cached').length;
  const shown = all ? variants : variants.slice(0, SHOWN);
  return (
    <div className="variants" data-testid={`variants-${nodeId}`} data-count={variants.length}>
      <div className="variants-head">
        {variants.length} calls{done > 0 ? ` · ${done}/${variants.length} done` : ''}
      </div>
      <ol>
        {shown.map((v) => (
          <li key={v.call} className={`variant status-${v.kind}`} data-testid={`variant-${v.call}`} data-status={v.kind} title={v.call}>
            <span className="dot" aria-hidden />
            <span className="variant-label">{v.label}</span>
            <span className="variant-state">{v.kind === 'will-run' ? 'will run' : v.kind}</span>
          </li>
        ))}
      </ol>
      {variants.length > SHOWN && (
        <button type="button" className="link nodrag" onClick={() => setAll(!all)}>
          {all ? 'fewer' : `${variants.length - SHOWN} more…`}
        </button>
      )}
    </div>
  );
});
