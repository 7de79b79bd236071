// A before-running estimate of a call's GPU time and cost. Replicate bills these fine-tunes by
// `predict_time` at the hardware's rate; the per-step times are rough H100 figures for FLUX dev at one
// megapixel, so the UI labels the result an estimate and history keeps the real figure after the run.

export const H100_USD_PER_SECOND = 0.001525;

const SECONDS_PER_STEP = { bf16: 0.18, fp8: 0.09 } as const;
const STARTUP_SECONDS = 1;
const LORA_LOAD_SECONDS = 2;

export interface CallEstimate {
  seconds: number;
  usd: number;
}

export function estimateCall(input: Record<string, unknown>, size?: { width: number; height: number }): CallEstimate {
  const steps = typeof input.num_inference_steps === 'number' ? input.num_inference_steps : 28;
  const strength = input.image !== undefined && typeof input.prompt_strength === 'number' ? input.prompt_strength : 1;
  const denoised = Math.max(1, Math.floor(steps * strength));
  const outputs = typeof input.num_outputs === 'number' ? input.num_outputs : 1;
  const megapixels = size ? (size.width * size.height) / (1024 * 1024) : 1;
  const perStep = input.go_fast === true ? SECONDS_PER_STEP.fp8 : SECONDS_PER_STEP.bf16;
  const loras = (input.replicate_weights ? 1 : 0) + (input.extra_lora ? 1 : 0);
  const seconds = STARTUP_SECONDS + loras * LORA_LOAD_SECONDS + denoised * perStep * megapixels * outputs;
  return { seconds: round(seconds, 2), usd: round(seconds * H100_USD_PER_SECOND, 5) };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
