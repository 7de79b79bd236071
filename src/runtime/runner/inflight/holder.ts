// Who is following a journaled prediction right now, written into the entry's file name, and whether
// that follower is still alive. A process killed mid-prediction (SIGKILL, crash, power cut) leaves its
// entries held in its own name; another process may adopt them only once that holder is known dead,
// so a prediction a live run is still following is never followed - and recorded - twice.
//
// A holder is a pid, a hash of the machine's host name, and a nonce drawn once per process: a pid the
// OS has since given to another process (after a reboot, say) is not mistaken for the holder.
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import { isProcessAlive } from '../../history/liveness';

export const HOLDER_PATTERN = /^(\d+)-([0-9a-f]{8})-([0-9a-z]{1,16})$/;

export interface HolderIdentity {
  pid: number;
  hostname: string;
  /** Distinguishes this process from an earlier one that had the same pid. */
  nonce: string;
  isProcessAlive: (pid: number) => boolean;
}

/** What another holder's name says about it, seen from this process. */
export type HolderState =
  /** Still running on this machine: leave its prediction to it. */
  | 'alive'
  /** Gone: its prediction is free to adopt. */
  | 'dead'
  /** On another machine sharing the folder: whether it lives cannot be told. */
  | 'elsewhere';

const PROCESS_NONCE = randomBytes(5).toString('hex');

export function currentHolder(overrides: Partial<HolderIdentity> = {}): HolderIdentity {
  return { pid: process.pid, hostname: os.hostname(), nonce: PROCESS_NONCE, isProcessAlive, ...overrides };
}

export function holderTag(identity: HolderIdentity): string {
  return `${identity.pid}-${hostHash(identity.hostname)}-${identity.nonce}`;
}

export function holderState(tag: string, me: HolderIdentity): HolderState {
  const match = HOLDER_PATTERN.exec(tag);
  if (!match) return 'dead'; // not a name we write: nobody can be following it
  const [, pid, host, nonce] = match;
  if (host !== hostHash(me.hostname)) return 'elsewhere';
  if (Number(pid) === me.pid) return nonce === me.nonce ? 'alive' : 'dead';
  return me.isProcessAlive(Number(pid)) ? 'alive' : 'dead';
}

function hostHash(hostname: string): string {
  return createHash('sha256').update(hostname).digest('hex').slice(0, 8);
}
