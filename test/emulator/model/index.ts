import type { ModelBehaviour } from '../catalog';
import { planFluxLora } from './flux-lora';
import { planInversions } from './inversions';
import type { PlanContext, RunPlan } from './plan';

export type { InputImage, ModelCrash, OutputFormat, PlanContext, ResolvedInputs, RunPlan } from './plan';

/** Decides what a run of `behaviour`'s predictor does with this input. */
export function planRun(behaviour: ModelBehaviour, context: PlanContext): RunPlan {
  return behaviour === 'flux-lora' ? planFluxLora(context) : planInversions(context);
}
