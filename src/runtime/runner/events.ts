// What a run tells the world, call by call. The CLI prints these, the app API forwards them to the UI,
// and history records them. Plain data, so they cross IPC and HTTP as they are.

export interface OutputRef {
  sha256: string;
  mediaType: string;
  size: number;
  width?: number;
  height?: number;
}

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'canceled' | 'interrupted';

export interface RunTotals {
  calls: number;
  cached: number;
  ran: number;
  failed: number;
  canceled: number;
  /** Seconds of GPU time Replicate reported (`metrics.predict_time`), summed. */
  predictTime: number;
  /** predictTime at the hardware rate, in US dollars. */
  cost: number;
  /** Wall-clock milliseconds from start to finish. */
  elapsedMs: number;
}

export type RunEvent =
  | { type: 'run-started'; runId: string; at: string; calls: { node: string; key: string | null }[] }
  | { type: 'call-queued'; runId: string; node: string }
  | { type: 'call-cached'; runId: string; node: string; key: string; outputs: OutputRef[] }
  | { type: 'call-uploading'; runId: string; node: string; images: number }
  /** `resumed`: not a new prediction but one an earlier run made and did not live to see end (never paid twice). */
  | { type: 'call-starting'; runId: string; node: string; key: string; predictionId: string; resumed?: true }
  /** `percent` is null when the model's logs give no total (progress unknown, not zero). */
  | { type: 'call-progress'; runId: string; node: string; percent: number | null; step?: number; total?: number; log?: string }
  | { type: 'call-succeeded'; runId: string; node: string; key: string; predictionId: string; outputs: OutputRef[]; predictTime?: number; cost?: number }
  | { type: 'call-failed'; runId: string; node: string; error: string; predictionId?: string; blockedBy?: string }
  | { type: 'call-canceled'; runId: string; node: string }
  | { type: 'run-finished'; runId: string; at: string; status: RunStatus; totals: RunTotals };

export type RunEventListener = (event: RunEvent) => void;
