// run.compile, run.start and run.cancel.
import { formatDiagnostic, type Workflow } from '../../../engine';
import { AppFailure } from '../app-failure';
import type { AppContext } from '../app-context';
import { documentName } from '../documents/document-registry';
import { callStates, type CallStateView } from './call-states';
import { compileDocument } from './compile-document';
import { RunManager } from './run-manager';

export function runCalls(ctx: AppContext) {
  const runs = new RunManager(ctx);
  return {
    calls: {
      'run.compile': async (request: { documentId: string; workflow: Workflow }) => {
        const plan = await compileDocument(ctx, request.documentId, request.workflow);
        const calls = await callStates(plan, await ctx.resources.cache());
        return { diagnostics: plan.diagnostics, calls, nodes: plan.nodes, summary: summarize(calls) };
      },

      'run.start': async (request: { documentId: string; workflow: Workflow; only?: string | undefined }) => {
        const plan = await compileDocument(ctx, request.documentId, request.workflow);
        const errors = plan.diagnostics.filter((d) => d.severity === 'error');
        if (errors.length > 0) {
          const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
          throw new AppFailure(`the workflow cannot run: ${formatDiagnostic(errors[0]!)}${more}`, 'bad-request');
        }
        const path = ctx.documents.get(request.documentId)?.path;
        const runId = await runs.start({
          documentId: request.documentId,
          plan,
          only: request.only,
          workflowName: documentName(path, request.workflow.name),
          workflowPath: path,
          workflow: request.workflow,
        });
        return { runId };
      },

      'run.cancel': async (request: { runId: string; node?: string | undefined }) => {
        runs.cancel(request.runId, request.node);
        return {};
      },
    },
    cancelAll: () => runs.cancelAll(),
  };
}

function summarize(calls: CallStateView[]) {
  const toRun = calls.filter((call) => call.state !== 'cached');
  const sum = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) * 1e5) / 1e5;
  return {
    calls: calls.length,
    toRun: toRun.length,
    cached: calls.length - toRun.length,
    estimatedCost: sum(toRun.map((call) => call.estimatedCost)),
    estimatedSeconds: sum(toRun.map((call) => call.estimatedSeconds)),
  };
}
