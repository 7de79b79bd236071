// Folding a run's events into what each node shows. Pure: a draft of the run and of the document's
// latest outputs in, the same drafts changed out.
import type { Draft } from 'immer';
import type { RunEventPayload } from '../../api';
import type { NodeRun, OutputRef, RunView } from './state';

export function applyRunEvent(run: Draft<RunView>, outputs: Draft<Record<string, OutputRef[]>>, event: RunEventPayload): void {
  const set = (node: string, patch: NodeRun) => {
    run.nodes[node] = patch;
  };
  switch (event.type) {
    case 'run-started':
      run.status = 'running';
      for (const call of event.calls) if (!run.nodes[call.node]) set(call.node, { phase: 'queued' });
      return;
    case 'call-queued':
      set(event.node, { phase: 'queued' });
      return;
    case 'call-cached':
      set(event.node, { phase: 'cached', outputs: event.outputs });
      outputs[event.node] = event.outputs;
      return;
    case 'call-uploading':
      set(event.node, { phase: 'uploading' });
      return;
    case 'call-starting':
      set(event.node, { phase: 'running', percent: null, ...(event.resumed ? { resumed: true as const } : {}) });
      return;
    case 'call-progress': {
      const previous = run.nodes[event.node];
      set(event.node, {
        phase: 'running',
        // A log line without a percentage keeps the last known one.
        percent: event.percent ?? previous?.percent ?? null,
        ...(event.step !== undefined ? { step: event.step } : previous?.step !== undefined ? { step: previous.step } : {}),
        ...(event.total !== undefined ? { total: event.total } : previous?.total !== undefined ? { total: previous.total } : {}),
        ...(previous?.resumed ? { resumed: true as const } : {}),
      });
      return;
    }
    case 'call-succeeded':
      set(event.node, {
        phase: 'succeeded',
        outputs: event.outputs,
        ...(event.predictTime !== undefined ? { predictTime: event.predictTime } : {}),
        ...(event.cost !== undefined ? { cost: event.cost } : {}),
        ...(run.nodes[event.node]?.resumed ? { resumed: true as const } : {}),
      });
      outputs[event.node] = event.outputs;
      return;
    case 'call-failed':
      set(event.node, event.blockedBy ? { phase: 'blocked', error: event.error, blockedBy: event.blockedBy } : { phase: 'failed', error: event.error });
      return;
    case 'call-canceled':
      set(event.node, { phase: 'canceled' });
      return;
    case 'run-finished':
      run.status = event.status;
      run.totals = event.totals;
      // Calls still queued when a run ends were never started: say so rather than spin forever.
      for (const [node, state] of Object.entries(run.nodes)) {
        if (state.phase === 'queued' || state.phase === 'uploading' || state.phase === 'running') run.nodes[node] = { phase: 'canceled' };
      }
      return;
  }
}

export function isRunActive(run: Pick<RunView, 'status'> | undefined): boolean {
  return run?.status === 'starting' || run?.status === 'running';
}
