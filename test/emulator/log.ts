/**
 * Every request the emulator answered (or reset, or left hanging), for tests to assert against: how many
 * predictions a run created and with what input, what it uploaded, whether it honoured a 429.
 * Admin requests (/__emulator/...) are not recorded.
 */

export type RouteName =
  | 'predictions.create'
  | 'predictions.list'
  | 'predictions.get'
  | 'predictions.cancel'
  | 'deployments.predictions.create'
  | 'models.predictions.create'
  | 'models.get'
  | 'models.versions.list'
  | 'models.versions.get'
  | 'files.create'
  | 'files.list'
  | 'files.get'
  | 'files.download'
  | 'files.delete'
  | 'account.get'
  | 'delivery.get'
  | 'not-found';

export type RequestOutcome = 'answered' | 'reset' | 'hung';

export interface RequestLogEntry {
  readonly seq: number;
  /** Emulated time the request arrived, ms since the epoch, and as ISO text. */
  readonly atMs: number;
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly route: RouteName;
  /** null when the connection was reset or the request hangs. */
  readonly status: number | null;
  readonly outcome: RequestOutcome;
  /** The injected fault that shaped this answer, if any. */
  readonly fault?: string;
  readonly predictionId?: string;
  /** For prediction creates: the version and input as sent. */
  readonly version?: string;
  readonly input?: Readonly<Record<string, unknown>>;
  readonly fileId?: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface CreatedPrediction {
  readonly id: string;
  readonly version: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly route: RouteName;
  readonly atMs: number;
}

export interface Upload {
  readonly id: string;
  readonly atMs: number;
}

export type NewLogEntry = Omit<RequestLogEntry, 'seq'>;

export class RequestLog {
  private items: RequestLogEntry[] = [];
  private seq = 0;

  record(entry: NewLogEntry): RequestLogEntry {
    const full = { seq: ++this.seq, ...entry };
    this.items.push(full);
    return full;
  }

  entries(): readonly RequestLogEntry[] {
    return this.items;
  }

  /** Entries for one route, or matching a predicate. */
  filter(test: RouteName | ((entry: RequestLogEntry) => boolean)): RequestLogEntry[] {
    return this.items.filter(typeof test === 'string' ? (e) => e.route === test : test);
  }

  /** Predictions actually created (any create route that answered 201), in order. */
  predictionsCreated(): CreatedPrediction[] {
    return this.items
      .filter((e) => e.predictionId !== undefined && e.status === 201 && e.route.endsWith('predictions.create'))
      .map((e) => ({
        id: e.predictionId as string,
        version: e.version ?? '',
        input: e.input ?? {},
        route: e.route,
        atMs: e.atMs,
      }));
  }

  /** Files uploaded (POST /files answered 201), in order. */
  uploads(): Upload[] {
    return this.items
      .filter((e) => e.route === 'files.create' && e.status === 201 && e.fileId !== undefined)
      .map((e) => ({ id: e.fileId as string, atMs: e.atMs }));
  }

  /** Output and file downloads, in order. */
  downloads(): RequestLogEntry[] {
    return this.items.filter((e) => e.route === 'delivery.get' || e.route === 'files.download');
  }

  /** Answers with a given status (e.g. 429), in order. */
  withStatus(status: number): RequestLogEntry[] {
    return this.items.filter((e) => e.status === status);
  }

  reset(): void {
    this.items = [];
  }
}
