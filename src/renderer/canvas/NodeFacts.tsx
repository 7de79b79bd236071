// Facts the compiler worked out for a node: the real output size, the mode, the effective LoRA scale, and
// what running it should cost.
import { memo } from 'react';
import { formatCost, formatSeconds } from '../lib/format';
import type { NodeView } from '../store/node-view';

const MODE_LABELS = { 'text-to-image': 'text to image', img2img: 'img2img', inpainting: 'inpainting', inversion: 'inversion edit' } as const;

export const NodeFacts = memo(function NodeFacts({ nodeId, info, estimate }: { nodeId: string; info: NodeView['info']; estimate: NodeView['estimate'] }) {
  if (!info && !estimate) return null;
  const facts: { label: string; value: string; title?: string }[] = [];
  if (info?.mode) facts.push({ label: 'mode', value: MODE_LABELS[info.mode] });
  if (info?.outputSize) facts.push({ label: 'output', value: `${info.outputSize.width} × ${info.outputSize.height}`, title: 'The size the model will really produce' });
  if (info?.effectiveLoraScale !== undefined)
    facts.push({ label: 'LoRA scale', value: `${Number(info.effectiveLoraScale.toFixed(3))}`, title: 'The scale the model really applies to the main LoRA (fast mode multiplies it by 1.5)' });
  if (estimate) facts.push({ label: 'estimate', value: `${formatCost(estimate.cost)} · ${formatSeconds(estimate.seconds)}`, title: 'What running this node should cost and take' });
  if (facts.length === 0) return null;
  return (
    <dl className="facts" data-testid={`facts-${nodeId}`}>
      {facts.map((f) => (
        <div key={f.label} title={f.title}>
          <dt>{f.label}</dt>
          <dd data-fact={f.label}>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
});
