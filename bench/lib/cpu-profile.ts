// Summaries of V8 CPU profiles (`node --cpu-prof`, or the inspector's Profiler): self time by function
// and by file, so a missed target can be explained in a line of the results.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileLine {
  name: string;
  selfMs: number;
  share: number;
}

export function readCpuProfile(path: string): CpuProfile {
  return JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
}

/** Self time per function (or per file with `by: 'file'`), the top `limit`, idle time left out. */
export function summarizeProfile(profile: CpuProfile, { by = 'function', limit = 12, root = '' }: { by?: 'function' | 'file'; limit?: number; root?: string } = {}): { busyMs: number; totalMs: number; top: ProfileLine[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const totals = new Map<string, number>();
  let busy = 0;
  for (const [id, ms] of self) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    // The inspector's own `dispatch` (native, no script): serialising the profile when it is stopped.
    if (frame.functionName === 'dispatch' && frame.url === '') continue;
    busy += ms;
    const file = frame.url.replace(/^file:\/\//, '').replace(root, '').replace(/^.*node_modules\//, 'node_modules/') || frame.functionName;
    const key = by === 'file' ? file : `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    totals.set(key, (totals.get(key) ?? 0) + ms);
  }
  const top = [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, ms]) => ({ name, selfMs: Math.round(ms * 10) / 10, share: busy ? ms / busy : 0 }));
  return { busyMs: Math.round(busy), totalMs: Math.round((profile.endTime - profile.startTime) / 1000), top };
}

export function formatProfile(summary: ReturnType<typeof summarizeProfile>): string {
  return [`busy ${summary.busyMs} ms of ${summary.totalMs} ms`, ...summary.top.map((l) => `  ${l.selfMs.toFixed(1).padStart(7)} ms ${(l.share * 100).toFixed(0).padStart(3)}%  ${l.name}`)].join('\n');
}
