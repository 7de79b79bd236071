/**
 * A prediction as the emulator keeps it, and the JSON object the API shows for it.
 */
import type { ModelVersion } from './catalog';
import type { ScheduledTask } from './clock';
import type { PredictionFaultEffects } from './faults';
import type { RunPlan } from './model';

export type PredictionStatus = 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled' | 'aborted';

export const TERMINAL_STATUSES: ReadonlySet<PredictionStatus> = new Set(['succeeded', 'failed', 'canceled', 'aborted']);

export interface Timing {
  /** Emulated time between create and the predictor starting (status `starting`). */
  queueDelayMs: number;
  /** Emulated time the predictor takes to sample (status `processing`); steps are spread over it. */
  predictMs: number;
}

export interface PredictionJson {
  id: string;
  model: string;
  version: string;
  input: Record<string, unknown>;
  logs: string;
  output: string[] | null;
  data_removed: boolean;
  error: string | null;
  source: 'api';
  status: PredictionStatus;
  created_at: string;
  started_at?: string;
  completed_at?: string;
  urls: { get: string; cancel: string; web: string };
  metrics?: { predict_time?: number; total_time?: number };
  webhook?: string;
  webhook_events_filter?: string[];
  /** Set for predictions created through a deployment. */
  deployment?: string;
  /** Set when the create request carried Cancel-After. */
  deadline?: string;
}

export interface PredictionRecord {
  readonly id: string;
  readonly version: ModelVersion;
  readonly deployment: string | undefined;
  input: Record<string, unknown>;
  status: PredictionStatus;
  logs: string[];
  output: string[] | null;
  error: string | null;
  readonly createdAt: number;
  startedAt: number | undefined;
  completedAt: number | undefined;
  dataRemoved: boolean;
  readonly webhook: string | undefined;
  readonly webhookEventsFilter: string[] | undefined;
  /** Cancel-After's deadline, ms since the epoch. */
  readonly deadlineAt: number | undefined;
  readonly timing: Timing;
  readonly faults: PredictionFaultEffects;
  plan: RunPlan | undefined;
  /** Pending clock tasks, stopped when the prediction ends early. */
  tasks: ScheduledTask[];
  /** `Prefer: wait` requests waiting for this prediction. */
  readonly waiters: Set<(json: PredictionJson) => void>;
}

export function isTerminal(status: PredictionStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

const seconds = (ms: number) => Math.round(ms) / 1000;

export function predictionJson(record: PredictionRecord, baseUrl: string): PredictionJson {
  const iso = (ms: number) => new Date(ms).toISOString();
  const metrics: PredictionJson['metrics'] =
    record.completedAt === undefined
      ? undefined
      : record.startedAt === undefined
        ? { total_time: seconds(record.completedAt - record.createdAt) } // aborted: never ran, never billed
        : {
            predict_time: seconds(record.completedAt - record.startedAt),
            total_time: seconds(record.completedAt - record.createdAt),
          };
  // Built in the order Replicate lists the fields; absent timestamps are left out, not null.
  return {
    id: record.id,
    model: `${record.version.owner}/${record.version.name}`,
    version: record.version.id,
    input: record.input,
    logs: record.logs.length > 0 ? `${record.logs.join('\n')}\n` : '',
    output: record.output,
    data_removed: record.dataRemoved,
    error: record.error,
    source: 'api',
    status: record.status,
    created_at: iso(record.createdAt),
    ...(record.startedAt === undefined ? {} : { started_at: iso(record.startedAt) }),
    ...(record.completedAt === undefined ? {} : { completed_at: iso(record.completedAt) }),
    ...(record.deployment === undefined ? {} : { deployment: record.deployment }),
    ...(record.deadlineAt === undefined ? {} : { deadline: iso(record.deadlineAt) }),
    ...(record.webhook === undefined ? {} : { webhook: record.webhook }),
    ...(record.webhookEventsFilter === undefined ? {} : { webhook_events_filter: record.webhookEventsFilter }),
    urls: {
      get: `${baseUrl}/predictions/${record.id}`,
      cancel: `${baseUrl}/predictions/${record.id}/cancel`,
      web: `https://replicate.com/p/${record.id}`,
    },
    ...(metrics === undefined ? {} : { metrics }),
  };
}
