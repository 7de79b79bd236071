// A node's state in words and colour: cached, stale (and why), queued, running with progress, failed
// with the message, blocked by an upstream node.
import { memo } from 'react';
import type { NodeStatus } from '../store/node-view';

export const StatusBadge = memo(function StatusBadge({ nodeId, status }: { nodeId: string; status: NodeStatus }) {
  if (status.kind === 'idle') return null;
  return (
    <span className={`status-badge status-${status.kind}`} data-testid={`status-${nodeId}`} data-status={status.kind} title={status.detail}>
      {status.label}
    </span>
  );
});

/** Laid over the header's lower edge, so it takes no room: nothing below moves when a run starts. */
export const NodeProgress = memo(function NodeProgress({ nodeId, status }: { nodeId: string; status: NodeStatus }) {
  if (status.kind !== 'running') return null;
  return (
    <div className="progress" role="progressbar" aria-valuenow={status.percent ?? undefined} aria-valuemin={0} aria-valuemax={100} data-testid={`progress-${nodeId}`}>
      <div className={`progress-bar${status.percent == null ? ' indeterminate' : ''}`} style={status.percent == null ? undefined : { width: `${status.percent}%` }} />
    </div>
  );
});

const EXPLAINED = new Set(['stale', 'will-run', 'pending', 'failed', 'blocked', 'error', 'running']);
const LEADS: Partial<Record<NodeStatus['kind'], string>> = { stale: 'Will run again: ', 'will-run': 'Will run: ', pending: 'Will run: ' };

export const StatusDetail = memo(function StatusDetail({ nodeId, status }: { nodeId: string; status: NodeStatus }) {
  if (!EXPLAINED.has(status.kind) || !status.detail) return null;
  return (
    <div className={`status-detail status-${status.kind}`} data-testid={`status-detail-${nodeId}`}>
      {LEADS[status.kind] ?? ''}
      {status.detail}
    </div>
  );
});

/** How many calls a node expands to (a sweep), shown in its header even when it is folded. */
export const CallsChip = memo(function CallsChip({ nodeId, count }: { nodeId: string; count: number | undefined }) {
  if (!count || count < 2) return null;
  return (
    <span className="calls-chip" data-testid={`calls-${nodeId}`} data-count={count} title={`This node expands to ${count} calls`}>
      ×{count}
    </span>
  );
});
