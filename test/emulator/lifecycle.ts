/**
 * The prediction lifecycle on the emulated clock:
 *   starting --(queue delay)--> processing --(steps over predictMs)--> succeeded | failed
 * plus canceled (POST .../cancel, or Cancel-After while running), aborted (Cancel-After before it
 * started), and the deletion of input, output and logs one hour after it finishes.
 *
 * While processing, `logs` grows line by line: the predictor's setup lines ("Using seed: N"), one tqdm
 * line per sampling step, then the safety checker's summary.
 */
import type { ModelVersion } from './catalog';
import type { EmulatedClock } from './clock';
import type { DeliveryStore } from './delivery-store';
import type { Faults } from './faults';
import type { FilesStore } from './files-store';
import { renderImage, CONTENT_TYPES } from './images';
import { resolveInputs } from './input-files';
import { planRun, type ModelCrash, type RunPlan } from './model';
import { countLine, percentLine } from './model/tqdm';
import {
  isTerminal,
  predictionJson,
  type PredictionJson,
  type PredictionRecord,
  type PredictionStatus,
  type Timing,
} from './prediction';
import type { SeededRandom } from './random';
import { withDefaults } from './validate';

export interface EngineOptions {
  clock: EmulatedClock;
  random: SeededRandom;
  files: FilesStore;
  delivery: DeliveryStore;
  faults: Faults;
  /** Known once the server listens, hence functions. */
  baseUrl: () => string;
  origin: () => string;
  timing: () => Timing;
  /** How long input, output and logs live after a prediction finishes (Replicate: one hour). */
  dataRetentionMs: number;
  /** go_fast (fp8) outputs are not bit-exact on Replicate; set true to make them so here. */
  goFastDeterministic: boolean;
}

export interface NewPrediction {
  version: ModelVersion;
  input: Record<string, unknown>;
  deployment?: string;
  webhook?: string;
  webhookEventsFilter?: string[];
  cancelAfterMs?: number;
}

const NSFW_ERROR = 'All generated images contained NSFW content. Try running it again with a different prompt.';
/** How long a `processing-wait-answer` prediction shows its output before it says succeeded. */
const OUTPUT_BEFORE_SUCCEEDED_MS = 50;

function traceback(crash: ModelCrash): string[] {
  return [
    'Traceback (most recent call last):',
    '  File "/root/.pyenv/versions/3.11.10/lib/python3.11/site-packages/cog/server/worker.py", line 349, in _predict',
    '    result = predict(**payload)',
    `  ${crash.frame}`,
    `${crash.exceptionType}: ${crash.error}`,
  ];
}

export class PredictionEngine {
  private readonly predictions = new Map<string, PredictionRecord>();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly options: EngineOptions) {}

  create(request: NewPrediction): PredictionRecord {
    const { clock, random, faults } = this.options;
    const prompt = typeof request.input.prompt === 'string' ? request.input.prompt : '';
    const effects = faults.takePredictionFaults(prompt, request.input.disable_safety_checker !== true);
    const defaults = this.options.timing();
    const createdAt = clock.now();
    const record: PredictionRecord = {
      id: random.id(),
      version: request.version,
      deployment: request.deployment,
      input: request.input,
      status: 'starting',
      logs: [],
      output: null,
      error: null,
      createdAt,
      startedAt: undefined,
      completedAt: undefined,
      dataRemoved: false,
      webhook: request.webhook,
      webhookEventsFilter: request.webhookEventsFilter,
      deadlineAt: request.cancelAfterMs === undefined ? undefined : createdAt + request.cancelAfterMs,
      timing: {
        queueDelayMs: effects.slow?.queueDelayMs ?? defaults.queueDelayMs,
        predictMs: effects.slow?.predictMs ?? defaults.predictMs,
      },
      faults: effects,
      plan: undefined,
      tasks: [],
      waiters: new Set(),
    };
    this.predictions.set(record.id, record);
    record.tasks.push(clock.schedule(record.timing.queueDelayMs, () => this.start(record)));
    if (record.deadlineAt !== undefined) {
      // Not started by the deadline: aborted (never billed). Running: canceled.
      record.tasks.push(
        clock.scheduleAt(record.deadlineAt, () => {
          if (record.status === 'starting') this.end(record, 'aborted');
          else if (record.status === 'processing') this.end(record, 'canceled');
        }),
      );
    }
    return record;
  }

  get(id: string): PredictionRecord | undefined {
    return this.predictions.get(id);
  }

  /** All predictions, newest first. */
  list(): PredictionRecord[] {
    return [...this.predictions.values()].reverse();
  }

  json(record: PredictionRecord): PredictionJson {
    return predictionJson(record, this.options.baseUrl());
  }

  /** Cancels a prediction that has not finished; a finished one is returned unchanged. */
  cancel(record: PredictionRecord): void {
    if (!isTerminal(record.status)) this.end(record, 'canceled');
  }

  /**
   * Resolves with the prediction once it finishes (or, for the processing-wait-answer fault, once its
   * output is ready), or with undefined after `seconds` of emulated time.
   */
  waitForAnswer(record: PredictionRecord, seconds: number): Promise<PredictionJson | undefined> {
    if (isTerminal(record.status)) return Promise.resolve(this.json(record));
    return new Promise((resolve) => {
      const timeout = this.options.clock.schedule(seconds * 1000, () => {
        record.waiters.delete(answer);
        resolve(undefined);
      });
      const answer = (json: PredictionJson) => {
        timeout.cancel();
        resolve(json);
      };
      record.waiters.add(answer);
    });
  }

  /** Deletes a finished prediction's input, output files and logs now, as the one-hour expiry does. */
  removeData(record: PredictionRecord): void {
    record.dataRemoved = true;
    record.input = {};
    record.output = null;
    record.logs = [];
    this.options.delivery.removePrediction(record.id);
  }

  /** Resolves once no image decoding or encoding is in flight (clock tasks may still be pending). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track(work: Promise<unknown>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private start(record: PredictionRecord): void {
    if (record.status !== 'starting') return;
    record.status = 'processing';
    record.startedAt = this.options.clock.now();
    this.track(this.run(record).catch((error: unknown) => this.fail(record, `Emulator error: ${String(error)}`)));
  }

  private async run(record: PredictionRecord): Promise<void> {
    const files = await resolveInputs(record.input, {
      origin: this.options.origin(),
      files: this.options.files,
      delivery: this.options.delivery,
    });
    if (record.status !== 'processing') return;
    if (!files.ok) return this.fail(record, files.error);

    const { random, clock } = this.options;
    const plan = planRun(record.version.behaviour, {
      versionId: record.version.id,
      input: withDefaults(record.version.openapi_schema, record.input),
      files: files.value,
      drawSeed: () => random.int(65536),
    });
    record.plan = plan;
    record.logs.push(...plan.setupLines);
    if (plan.crash) {
      const crash = plan.crash;
      record.tasks.push(clock.schedule(record.timing.predictMs * 0.05, () => this.fail(record, crash.error, traceback(crash))));
      return;
    }
    const renders = this.startRendering(plan);
    const samplingStart = clock.now();
    const failAtStep = record.faults.failError === undefined ? undefined : Math.ceil(plan.steps / 2);
    const progressLine = (step: number) => {
      const elapsed = (clock.now() - samplingStart) / 1000;
      return plan.progressStyle === 'percent' ? percentLine(step, plan.steps, elapsed) : countLine(step, elapsed);
    };
    record.logs.push(progressLine(0));
    // Every step is armed at once (not chained), so short emulated runs are not stretched by the
    // millisecond floor of each real timer.
    for (let step = 1; step <= plan.steps; step++) {
      const at = samplingStart + (record.timing.predictMs * step) / plan.steps;
      record.tasks.push(
        clock.scheduleAt(at, () => {
          if (record.status !== 'processing') return;
          record.logs.push(progressLine(step));
          if (step === failAtStep) {
            const error = record.faults.failError as string;
            const frame = 'File "/src/predict.py", line 918, in predict';
            return this.fail(record, error, traceback({ exceptionType: 'RuntimeError', error, frame }));
          }
          if (step === plan.steps) this.track(this.deliver(record, plan, renders));
        }),
      );
    }
  }

  private startRendering(plan: RunPlan): Promise<Buffer[]> {
    const jitter = plan.goFast && !this.options.goFastDeterministic ? this.options.random.int(2 ** 30) : undefined;
    const images = Array.from({ length: plan.numOutputs }, (_, index) =>
      renderImage({
        fingerprint: plan.fingerprint,
        index,
        width: plan.width,
        height: plan.height,
        format: plan.outputFormat,
        quality: plan.outputQuality,
        ...(jitter === undefined ? {} : { jitter: jitter + index }),
      }),
    );
    const all = Promise.all(images);
    all.catch(() => undefined); // observed later by deliver(); never an unhandled rejection
    return all;
  }

  /** The end of sampling: the safety checker, then the outputs on the delivery host. */
  private async deliver(record: PredictionRecord, plan: RunPlan, renders: Promise<Buffer[]>): Promise<void> {
    let images: Buffer[];
    try {
      images = await renders;
    } catch (error) {
      return this.fail(record, `Emulator could not encode the output: ${String(error)}`);
    }
    if (record.status !== 'processing') return;
    const drop = record.faults.safetyDrop;
    const dropCount = drop === undefined ? 0 : drop === 'all' ? images.length : Math.min(drop, images.length);
    const kept: number[] = [];
    images.forEach((_, index) => {
      if (index < dropCount) record.logs.push(`NSFW content detected in image ${index}`);
      else kept.push(index);
    });
    if (kept.length === 0) return this.fail(record, NSFW_ERROR);
    record.logs.push(`Total safe images: ${kept.length} out of ${images.length}`);

    const folder = `/delivery/xezq/${this.options.random.urlToken()}`;
    const origin = this.options.origin();
    record.output = kept.map((index) => {
      const path = `${folder}/out-${index}.${plan.outputFormat}`;
      if (!record.faults.expireOutputs) {
        this.options.delivery.put({
          path,
          bytes: images[index] as Buffer,
          contentType: CONTENT_TYPES[plan.outputFormat],
          predictionId: record.id,
        });
      }
      return `${origin}${path}`;
    });

    if (record.faults.processingWaitAnswer) {
      // Replicate may answer a `Prefer: wait` request as soon as the output exists, still "processing".
      this.notifyWaiters(record);
      record.tasks.push(this.options.clock.schedule(OUTPUT_BEFORE_SUCCEEDED_MS, () => this.end(record, 'succeeded')));
      return;
    }
    this.end(record, 'succeeded');
  }

  private fail(record: PredictionRecord, error: string, logLines: string[] = []): void {
    if (isTerminal(record.status)) return;
    record.logs.push(...logLines);
    this.end(record, 'failed', error);
  }

  private end(record: PredictionRecord, status: PredictionStatus, error?: string): void {
    if (isTerminal(record.status)) return;
    for (const task of record.tasks) task.cancel();
    record.tasks = [];
    record.status = status;
    record.error = error ?? null;
    if (status !== 'succeeded') record.output = null;
    record.completedAt = this.options.clock.now();
    this.notifyWaiters(record);
    this.options.clock.scheduleAt(record.completedAt + this.options.dataRetentionMs, () => this.removeData(record));
  }

  private notifyWaiters(record: PredictionRecord): void {
    const json = this.json(record);
    for (const waiter of record.waiters) waiter(json);
    record.waiters.clear();
  }
}
