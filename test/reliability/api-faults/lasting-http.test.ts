// The same faults, lasting the whole run: Replicate (or one of its routes) is down. The run must still
// end by itself, each call with a clear state, no prediction created twice, nothing it kept lost, and
// history agreeing. What the outage cost (predictions that finished on Replicate while Weft could not
// reach them) is counted and reported, not hidden. Each case has its own emulator and runs concurrently.
import { describe, expect, it } from 'vitest';
import { localSnapshot } from '../support/emulator-snapshot';
import { auditRun } from '../support/run-audit';
import { FAULTS, ROUTES, armRoute, providerFor } from '../support/http-fault-cases';
import { matrixWorkflow } from '../support/matrix-workflow';
import { useTally } from '../support/tally';
import { withBench } from '../support/with-bench';

const LASTING = FAULTS.filter((f) => ['429 with Retry-After', '503 after handling', 'reset mid-body', 'hang before handling'].includes(f.name));

describe.concurrent('HTTP faults lasting the whole run, on every route', () => {
  const tally = useTally(__filename);

  for (const route of ROUTES) {
    for (const fault of LASTING) {
      it(`${route.name}: ${fault.name} (every time)`, () =>
        withBench(async (b) => {
          armRoute(b.emulator, route);
          const injected = b.emulator.faults.add(fault.spec(route));
          const controller = new AbortController();
          const result = await b.run(await b.compile(await matrixWorkflow()), {
            provider: b.provider(providerFor(route)),
            signal: controller.signal,
            onEvent: (event) => {
              if (route.userCancels && event.type === 'call-starting' && event.node === 'a') controller.abort();
            },
          });
          const applied = b.emulator.faults.list().find((f) => f.id === injected.id)?.applied ?? 0;
          b.emulator.faults.clear();
          // A cancel that never got through leaves the canceled prediction running on: no use waiting for it.
          const audit = await auditRun(b, result, route.userCancels ? { snapshot: await localSnapshot(b.emulator, 0) } : {});
          tally.add('API faults: HTTP faults lasting the whole run', { cases: 1, faults: applied, lost: audit.lost, paidNotKept: audit.paidNotKept });

          expect(applied, 'the fault was met').toBeGreaterThan(0);
          expect(audit.problems).toEqual([]);
          expect(audit.duplicates).toBe(0);
          expect(audit.lost).toBe(0);
          if (route.userCancels) expect(result.status).toBe('canceled');
        }),
      );
    }
  }
});
