// The cache folder turns read-only (a read-only mount, EROFS; or a folder the user may not write,
// EACCES). Injected, because chmod stops nothing when the tests run as root. What is cached is still
// served - a hit must not need to write - and what must run fails with one clear line, not with a
// prediction paid for again; the cache is left as it was.
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Cache } from '../../../src/runtime/cache/cache';
import { auditCache } from '../support/cache-audit';
import { readOnlyFolder } from '../support/fs-faults';
import { auditRun, logMark } from '../support/run-audit';
import { useTally } from '../support/tally';
import { snapshot } from '../support/tree';
import { useBench } from '../support/use-bench';
import { matrixWorkflow } from '../support/matrix-workflow';
import { chain } from '../support/workflows';

describe('a read-only cache folder', () => {
  const bench = useBench();
  const tally = useTally(__filename);

  for (const code of ['EROFS', 'EACCES'] as const) {
    it(`(${code}) still answers every cached call, without a request and without writing`, async () => {
      const b = await bench();
      const first = await b.run(await b.compile(await matrixWorkflow()));
      expect(first.status).toBe('succeeded');
      const before = snapshot(b.cacheDir);
      const fault = readOnlyFolder(b.cacheDir, code);
      const mark = logMark(b);
      try {
        const plan = await b.compile(await matrixWorkflow());
        expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const again = await b.run(plan);
        expect(Object.values(Object.fromEntries(again.calls.map((c) => [c.node, c.status])))).toEqual(['cached', 'cached', 'cached']);
        expect(b.emulator.log.entries().filter((e) => e.seq > mark)).toEqual([]);
      } finally {
        fault.restore();
      }
      expect(snapshot(b.cacheDir)).toEqual(before);
      tally.add('machine: read-only cache folder', { cases: 1, faults: fault.hits });
    });

    it(`(${code}) fails what must run with one clear line, pays nothing twice, and changes nothing`, async () => {
      const b = await bench();
      await b.run(await b.compile(chain()), { only: 'a' });
      const before = snapshot(b.cacheDir);
      const fault = readOnlyFolder(b.cacheDir, code);
      let result;
      try {
        result = await b.run(await b.compile(chain()), { only: 'b' });
      } finally {
        fault.restore();
      }
      const [a, bee] = result.calls;
      expect(a?.status).toBe('cached');
      expect(bee?.status).toBe('failed');
      expect(bee?.error).toMatch(code === 'EROFS' ? /^the prediction succeeded but its images could not be kept: cannot write \S+: the disk or folder is read-only/ : /^the prediction succeeded but its images could not be kept: cannot write \S+: permission denied/);
      expect(snapshot(b.cacheDir)).toEqual(before);
      const audit = await auditRun(b, result);
      expect(audit.problems).toEqual([]);
      expect(audit.duplicates).toBe(0);
      tally.add('machine: read-only cache folder', { cases: 1, faults: fault.hits, lost: audit.lost, paidNotKept: audit.paidNotKept });
    });
  }

  it('opens even when it holds an old temp file it cannot sweep', async () => {
    const b = await bench();
    const stale = join(b.cacheDir, 'tmp', '.stream.1234.abcdef.tmp');
    writeFileSync(stale, 'half an image');
    utimesSync(stale, new Date(0), new Date(0));
    const fault = readOnlyFolder(b.cacheDir);
    try {
      const cache = await Cache.open(b.cacheDir);
      expect((await cache.stats()).calls).toBe(0);
    } finally {
      fault.restore();
    }
    expect(auditCache(b.cacheDir).problems).toEqual([]);
    tally.add('machine: read-only cache folder', { cases: 1, faults: fault.hits });
  });
});
