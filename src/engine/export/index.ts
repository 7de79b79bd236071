import type { Plan } from '../compile/plan';
import { curlScript } from './curl-script';
import { nodeScript } from './node-script';
import { pythonScript } from './python-script';
import type { ExportOptions } from './steps';

export { ExportError, scriptSteps, type ExportImage, type ExportOptions, type ScriptStep, type StepInput } from './steps';

export const EXPORT_FORMATS = ['curl', 'node', 'python'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const SCRIPT_FILE_NAMES: Record<ExportFormat, string> = { curl: 'run.sh', node: 'run.cjs', python: 'run.py' };

/** A runnable script that makes a Plan's calls; throws ExportError with a user-facing reason. */
export function exportPlan(plan: Plan, format: ExportFormat, options: ExportOptions): string {
  if (format === 'curl') return curlScript(plan, options);
  if (format === 'node') return nodeScript(plan, options);
  return pythonScript(plan, options);
}
