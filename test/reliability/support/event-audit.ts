// "Every event delivered": a run's events, checked the way a UI that trusts them would need them to be.
// Each call of run-started ends in exactly one terminal event (cached, succeeded, failed or canceled),
// nothing about a call comes after its end, and the run ends in one run-finished whose totals add up.
import type { RunEvent } from '../../../src/runtime/runner/events';

const TERMINAL = new Set<RunEvent['type']>(['call-cached', 'call-succeeded', 'call-failed', 'call-canceled']);

export interface EventAudit {
  calls: number;
  terminal: Record<string, string>;
  problems: string[];
}

export function auditEvents(events: readonly RunEvent[], runId?: string): EventAudit {
  const mine = runId === undefined ? events : events.filter((event) => event.runId === runId);
  const problems: string[] = [];
  const started = mine.filter((e): e is Extract<RunEvent, { type: 'run-started' }> => e.type === 'run-started');
  const finished = mine.filter((e): e is Extract<RunEvent, { type: 'run-finished' }> => e.type === 'run-finished');
  if (started.length !== 1) problems.push(`${started.length} run-started events`);
  if (finished.length !== 1) problems.push(`${finished.length} run-finished events`);
  if (mine[0]?.type !== 'run-started') problems.push('the first event is not run-started');
  if (mine.at(-1)?.type !== 'run-finished') problems.push('the last event is not run-finished');
  const nodes = started[0]?.calls.map((call) => call.node) ?? [];
  const terminal: Record<string, string> = {};
  for (const event of mine) {
    if (!('node' in event)) continue;
    if (!nodes.includes(event.node)) problems.push(`${event.type} for node ${event.node}, which the run did not plan`);
    if (terminal[event.node] !== undefined) problems.push(`${event.type} for node ${event.node} after its ${terminal[event.node]}`);
    if (TERMINAL.has(event.type)) terminal[event.node] = event.type;
  }
  for (const node of nodes) if (terminal[node] === undefined) problems.push(`node ${node} never ended`);
  const totals = finished[0]?.totals;
  if (totals) {
    const count = (type: RunEvent['type']) => Object.values(terminal).filter((t) => t === type).length;
    const expected = { calls: nodes.length, cached: count('call-cached'), ran: count('call-succeeded'), failed: count('call-failed'), canceled: count('call-canceled') };
    for (const [name, value] of Object.entries(expected)) {
      if (totals[name as keyof typeof expected] !== value) problems.push(`totals.${name} is ${totals[name as keyof typeof expected]}, the events say ${value}`);
    }
  }
  return { calls: nodes.length, terminal, problems };
}

/** A message a user can act on: a sentence, not a stack trace, an "undefined" or "[object Object]". */
export function isClearMessage(message: string | undefined): boolean {
  if (!message || message.trim().length < 12) return false;
  return !/\bat .+:\d+:\d+\)?$|\n\s+at |undefined|\[object Object\]|NaN/m.test(message);
}
