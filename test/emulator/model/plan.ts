/**
 * What a model run will do, decided at the moment the predictor starts: the seed, the lines it prints
 * before sampling, the sampling steps, the output size, or the crash that ends it. The lifecycle then
 * plays the plan out over emulated time.
 */

export type OutputFormat = 'webp' | 'jpg' | 'png';

/** An input file the predictor received, already downloaded and identified by sharp. */
export interface InputImage {
  readonly url: string;
  readonly fileName: string;
  readonly bytes: Buffer;
  readonly sha256: string;
  readonly width: number;
  readonly height: number;
}

export interface ResolvedInputs {
  readonly image?: InputImage;
  readonly mask?: InputImage;
}

/** A Python exception escaping predict(): `error` is str(exception), `exceptionType` its class name. */
export interface ModelCrash {
  readonly exceptionType: string;
  readonly error: string;
  /** Where it was raised, for the traceback printed to the logs. */
  readonly frame: string;
}

export interface RunPlan {
  readonly seed?: number;
  /** Printed as soon as the predictor starts. */
  readonly setupLines: readonly string[];
  /** The predictor raises right after printing `setupLines`. */
  readonly crash?: ModelCrash;
  readonly steps: number;
  /** `percent` prints tqdm bars with a total; `count` prints `14it [...]` lines. */
  readonly progressStyle: 'percent' | 'count';
  readonly width: number;
  readonly height: number;
  readonly numOutputs: number;
  readonly outputFormat: OutputFormat;
  readonly outputQuality: number;
  readonly safetyCheckerEnabled: boolean;
  /** fp8 after the model's own overrides (go_fast is forced off for img2img and custom sizes). */
  readonly goFast: boolean;
  /** Everything that decides the pixels, so equal inputs make equal images. */
  readonly fingerprint: string;
}

export interface PlanContext {
  readonly versionId: string;
  /** The input as sent, with schema defaults filled in. */
  readonly input: Readonly<Record<string, unknown>>;
  readonly files: ResolvedInputs;
  /** Draws a seed the way cog-flux does: int.from_bytes(os.urandom(2)), i.e. 0..65535. */
  readonly drawSeed: () => number;
}

/** A size-independent fingerprint of the input (input files by content, not by URL). */
export function inputFingerprint(context: PlanContext, seed: number, extra: Record<string, unknown>): string {
  const input: Record<string, unknown> = { ...context.input };
  if (context.files.image) input.image = `sha256:${context.files.image.sha256}`;
  if (context.files.mask) input.mask = `sha256:${context.files.mask.sha256}`;
  delete input.seed;
  const ordered = Object.fromEntries(Object.entries(input).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify({ version: context.versionId, seed, input: ordered, ...extra });
}

export function asString(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

export function asNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

export function asOptionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

export function asOutputFormat(value: unknown): OutputFormat {
  return value === 'jpg' || value === 'png' ? value : 'webp';
}

/** diffusers' check when prompt_strength leaves no denoising step (the message's missing space is theirs). */
export function noStepsLeftCrash(promptStrength: number, steps: number): ModelCrash {
  return {
    exceptionType: 'ValueError',
    error: `After adjusting the num_inference_steps by strength parameter: ${promptStrength}, the number of pipelinesteps is ${steps} which is < 1 and not appropriate for this pipeline.`,
    frame: 'File "/src/predict.py", line 893, in predict',
  };
}
