/**
 * Is the process that owns a "running" run still alive?
 *
 * A run left "running" by a process that was killed (SIGKILL, power cut, crash) must be reported as
 * interrupted, while a run another live process is working on must not. The owner keeps a marker file
 * per running run and refreshes its mtime (a heartbeat); a run is considered orphaned when
 *   - its owner is on this machine and that pid no longer exists, or
 *   - its heartbeat is older than `staleAfterMs` (covers pid reuse and owners on other machines).
 * A live owner wrongly judged dead (e.g. after a long laptop sleep) heals itself: it rewrites its run,
 * status and all, on its next write.
 */
import { isErrno } from '../storage/errors';
import type { RunOwner } from './schema';

export interface LivenessContext {
  hostname: string;
  pid: number;
  now: number;
  staleAfterMs: number;
  isProcessAlive: (pid: number) => boolean;
}

export function ownerSeemsAlive(owner: RunOwner | undefined, heartbeatMs: number | undefined, ctx: LivenessContext): boolean {
  if (!owner || heartbeatMs === undefined) return false;
  if (ctx.now - heartbeatMs > ctx.staleAfterMs) return false;
  if (owner.hostname !== ctx.hostname) return true;
  if (owner.pid === ctx.pid) return true;
  return ctx.isProcessAlive(owner.pid);
}

/** Signal 0 checks existence without touching the process; EPERM means it exists but is not ours. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}
