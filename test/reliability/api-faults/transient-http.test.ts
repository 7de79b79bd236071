// Every kind of broken HTTP answer, twice in a row (a hang once), on every route a run uses: the run
// rides it out. Each case must end as if nothing had happened (or, for the cancel route, canceled as
// asked), with no prediction created twice, every output in the cache and in history, and every event
// delivered once. Each case has its own emulator, so the cases (which mostly wait) run concurrently.
import { describe, expect, it } from 'vitest';
import { auditRun } from '../support/run-audit';
import { FAULTS, ROUTES, armRoute, providerFor } from '../support/http-fault-cases';
import { matrixWorkflow } from '../support/matrix-workflow';
import { useTally } from '../support/tally';
import { withBench } from '../support/with-bench';

describe.concurrent('transient HTTP faults on every route', () => {
  const tally = useTally(__filename);

  for (const route of ROUTES) {
    for (const fault of FAULTS) {
      const times = fault.hangs ? 1 : 2;
      it(`${route.name}: ${fault.name} (${times === 1 ? 'once' : 'twice'})`, () =>
        withBench(async (b) => {
          armRoute(b.emulator, route);
          const injected = b.emulator.faults.add({ ...fault.spec(route), times });
          const controller = new AbortController();
          const result = await b.run(await b.compile(await matrixWorkflow()), {
            provider: b.provider(providerFor(route)),
            signal: controller.signal,
            onEvent: (event) => {
              if (route.userCancels && event.type === 'call-starting' && event.node === 'a') controller.abort();
            },
          });
          const applied = times - (b.emulator.faults.list().find((f) => f.id === injected.id)?.remaining ?? 0);
          b.emulator.faults.clear();
          const audit = await auditRun(b, result);
          tally.add('API faults: passing HTTP faults', { cases: 1, faults: applied, lost: audit.lost, paidNotKept: audit.paidNotKept });

          expect(applied, 'the fault was met').toBeGreaterThan(0);
          expect(audit.problems).toEqual([]);
          expect(audit.paidNotKept).toBe(0);
          if (route.userCancels) {
            expect(result.status).toBe('canceled');
            const a = result.calls.find((c) => c.node === 'a')!;
            expect(a.status).toBe('canceled');
            expect((await b.emulator.waitForPrediction(a.predictionId!)).status).toBe('canceled');
          } else {
            expect(result.status).toBe('succeeded');
          }
        }),
      );
    }
  }
});
