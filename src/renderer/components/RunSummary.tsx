// Before pressing Run: how many calls will really run (cache hits excluded), what they should cost and
// take, and whether anything stops the run. During a run: how far it got.
import { formatCost, formatSeconds, plural } from '../lib/format';
import { useActiveDoc } from '../store/app-store';
import { isRunActive } from '../store/run-events';

export function RunSummary() {
  const compile = useActiveDoc((d) => d.compile, undefined);
  const compileError = useActiveDoc((d) => d.compileError, undefined);
  const run = useActiveDoc((d) => d.run, undefined);
  if (run && isRunActive(run)) {
    const states = Object.values(run.nodes);
    const done = states.filter((n) => n.phase === 'succeeded' || n.phase === 'cached').length;
    return (
      <span className="run-summary running" data-testid="run-summary">
        Running · {done} of {states.length || '…'} done
      </span>
    );
  }
  if (compileError) {
    return (
      <span className="run-summary error" data-testid="run-summary" title={compileError}>
        Could not compile
      </span>
    );
  }
  if (!compile) return <span className="run-summary" data-testid="run-summary">Compiling…</span>;
  const { summary, diagnostics } = compile.result;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const parts: string[] = [];
  if (summary.calls === 0) parts.push(errors ? 'nothing can run' : 'no sampler yet');
  else if (summary.toRun === 0) parts.push(`all ${plural(summary.calls, 'call')} cached · free`);
  else parts.push(`${summary.toRun} of ${summary.calls} to run · ~${formatCost(summary.estimatedCost)} · ~${formatSeconds(summary.estimatedSeconds)}`);
  return (
    <span className={`run-summary${errors ? ' has-errors' : ''}`} data-testid="run-summary" data-to-run={summary.toRun} title={`${summary.cached} answered from the cache, ${summary.toRun} new predictions`}>
      {parts.join(' · ')}
      {errors > 0 && <span className="error-count"> · {plural(errors, 'error')}</span>}
    </span>
  );
}
