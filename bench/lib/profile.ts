// A CPU profile of one piece of work inside this process (the inspector's Profiler, as `node --cpu-prof`
// records it), summarised: where a target is missed, the note says where the time went.
import { Session } from 'node:inspector/promises';
import { summarizeProfile, type CpuProfile } from './cpu-profile';
import { ROOT } from './emulator-process';

export interface ProfiledRun<T> {
  value: T;
  wallMs: number;
  /** Milliseconds the main thread was busy (not idle) while `fn` ran, and the top functions by self time. */
  busyMs: number;
  top: { name: string; selfMs: number }[];
}

export async function profiled<T>(fn: () => Promise<T>, limit = 6): Promise<ProfiledRun<T>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const start = performance.now();
  let value: T;
  let profile: CpuProfile;
  try {
    value = await fn();
  } finally {
    profile = ((await session.post('Profiler.stop')) as { profile: CpuProfile }).profile;
    session.disconnect();
  }
  const wallMs = performance.now() - start;
  const summary = summarizeProfile(profile, { limit, root: `${ROOT}/` });
  return { value, wallMs, busyMs: summary.busyMs, top: summary.top.map(({ name, selfMs }) => ({ name, selfMs })) };
}

/** One line for a figure's note: busy share and the heaviest functions. */
export function profileLine(run: ProfiledRun<unknown>, count = 3): string {
  const top = run.top
    .slice(0, count)
    .map((t) => `${t.name.replace(/ \S+$/, (m) => m.replace(/^.*\//, ' '))} ${t.selfMs.toFixed(0)} ms`)
    .join(', ');
  return `cpu profile: main thread busy ${run.busyMs} of ${Math.round(run.wallMs)} ms; top self time: ${top}`;
}
