// What the emulator saw, once every prediction has ended: its request log and every prediction's final
// state. Taken in process (tests) or over the admin API (the soak, whose emulator runs in its own
// process so that its memory does not blur the host's).
import type { PredictionJson, RequestLogEntry } from '../../emulator/index';

export interface EmulatorSnapshot {
  entries: readonly RequestLogEntry[];
  predictions: ReadonlyMap<string, PredictionJson>;
}

const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'aborted']);

/** Waits (up to `settleMs`) until no prediction is still going, then snapshots. */
export async function takeSnapshot(read: () => Promise<{ entries: readonly RequestLogEntry[]; predictions: readonly PredictionJson[] }>, settleMs = 3000): Promise<EmulatorSnapshot> {
  const deadline = Date.now() + settleMs;
  for (;;) {
    const { entries, predictions } = await read();
    if (predictions.every((p) => TERMINAL.has(p.status)) || Date.now() > deadline) {
      return { entries, predictions: new Map(predictions.map((p) => [p.id, p])) };
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function localSnapshot(emulator: { log: { entries(): readonly RequestLogEntry[] }; predictions(): PredictionJson[] }, settleMs?: number): Promise<EmulatorSnapshot> {
  return takeSnapshot(async () => ({ entries: [...emulator.log.entries()], predictions: emulator.predictions() }), settleMs);
}

export function remoteSnapshot(adminUrl: string, settleMs?: number): Promise<EmulatorSnapshot> {
  return takeSnapshot(async () => {
    const [entries, predictions] = await Promise.all([fetch(`${adminUrl}/log`).then((r) => r.json()), fetch(`${adminUrl}/predictions`).then((r) => r.json())]);
    return { entries: entries as RequestLogEntry[], predictions: predictions as PredictionJson[] };
  }, settleMs);
}
