// A run's events folded into what each node shows.
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import type { RunEventPayload } from '../../src/api';
import { emptyWorkflow } from '../../src/engine';
import { applyRunEvent } from '../../src/renderer/store/run-events';
import type { OutputRef, RunView } from '../../src/renderer/store/state';

const OUT: OutputRef = { sha256: 'c'.repeat(64), mediaType: 'image/webp', size: 10, width: 8, height: 8 };

function fold(events: RunEventPayload[]) {
  let run: RunView = { runId: 'r1', status: 'starting', workflow: emptyWorkflow(), nodes: {} };
  let outputs: Record<string, OutputRef[]> = {};
  for (const event of events) {
    [run, outputs] = produce([run, outputs] as const, ([r, o]) => applyRunEvent(r, o, event)) as unknown as [RunView, Record<string, OutputRef[]>];
  }
  return { run, outputs };
}

describe('run events', () => {
  it('follows a call from queued to running with progress to succeeded, keeping its outputs', () => {
    const base = { runId: 'r1', node: 's1' };
    const { run, outputs } = fold([
      { type: 'run-started', runId: 'r1', at: 'now', calls: [{ node: 's1', key: null }, { node: 's2', key: null }] },
      { type: 'call-starting', ...base, key: 'k', predictionId: 'p' },
      { type: 'call-progress', ...base, percent: 40, step: 4, total: 10 },
      { type: 'call-progress', ...base, percent: null, log: 'a line without a percentage' },
    ]);
    expect(run.status).toBe('running');
    expect(run.nodes.s1).toEqual({ phase: 'running', percent: 40, step: 4, total: 10 });
    expect(run.nodes.s2).toEqual({ phase: 'queued' });
    expect(outputs).toEqual({});
    const done = fold([{ type: 'call-succeeded', ...base, key: 'k', predictionId: 'p', outputs: [OUT], predictTime: 2 }]);
    expect(done.run.nodes.s1).toEqual({ phase: 'succeeded', outputs: [OUT], predictTime: 2 });
    expect(done.outputs.s1).toEqual([OUT]);
  });

  it('remembers through progress and success that a call resumed an earlier prediction', () => {
    const base = { runId: 'r1', node: 's1' };
    const { run } = fold([
      { type: 'run-started', runId: 'r1', at: 'now', calls: [{ node: 's1', key: 'k' }] },
      { type: 'call-starting', ...base, key: 'k', predictionId: 'p', resumed: true },
      { type: 'call-progress', ...base, percent: 60, step: 6, total: 10 },
    ]);
    expect(run.nodes.s1).toEqual({ phase: 'running', percent: 60, step: 6, total: 10, resumed: true });
    const done = fold([
      { type: 'call-starting', ...base, key: 'k', predictionId: 'p', resumed: true },
      { type: 'call-succeeded', ...base, key: 'k', predictionId: 'p', outputs: [OUT] },
    ]);
    expect(done.run.nodes.s1).toEqual({ phase: 'succeeded', outputs: [OUT], resumed: true });
  });

  it('tells a failure from a node blocked by it, and ends what never started as canceled', () => {
    const { run } = fold([
      { type: 'run-started', runId: 'r1', at: 'now', calls: [{ node: 'a', key: null }, { node: 'b', key: null }, { node: 'c', key: null }] },
      { type: 'call-failed', runId: 'r1', node: 'a', error: 'NSFW content detected' },
      { type: 'call-failed', runId: 'r1', node: 'b', error: 'upstream failed', blockedBy: 'a' },
      { type: 'run-finished', runId: 'r1', at: 'now', status: 'failed', totals: { calls: 3, cached: 0, ran: 0, failed: 1, canceled: 0, predictTime: 0, cost: 0, elapsedMs: 5 } },
    ]);
    expect(run.status).toBe('failed');
    expect(run.nodes.a).toEqual({ phase: 'failed', error: 'NSFW content detected' });
    expect(run.nodes.b).toEqual({ phase: 'blocked', error: 'upstream failed', blockedBy: 'a' });
    expect(run.nodes.c).toEqual({ phase: 'canceled' });
  });
});
