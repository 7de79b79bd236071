// The disk fills up during a run: while an output image is written to the cache, while a call's cache
// record is written, while history is written. The run says so in words a user can act on, keeps what
// it could, never leaves a partial file under a real name, and once there is room again a run does only
// what is missing.
import { describe, expect, it } from 'vitest';
import { auditCache, tempDebris } from '../support/cache-audit';
import { diskFull } from '../support/fs-faults';
import { auditRun, logMark } from '../support/run-audit';
import { useTally } from '../support/tally';
import { useBench } from '../support/use-bench';
import { chain } from '../support/workflows';

const DISK_FULL = /disk is full while writing \S+: free some space and try again/;

describe('a full disk during a run', () => {
  const bench = useBench();
  const tally = useTally(__filename);

  it('while an output image is written: that call fails saying so, the others finish, nothing partial stays', async () => {
    const b = await bench();
    let streams = 0;
    const fault = diskFull((path) => path.startsWith(`${b.cacheDir}/tmp/.stream.`) && ++streams === 2);
    const plan = await b.compile(chain());
    const result = await b.run(plan, { concurrency: 1 }).finally(() => fault.restore());
    const failed = result.calls.filter((c) => c.status === 'failed' && !c.blockedBy);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toMatch(new RegExp(`^the prediction succeeded but its images could not be kept: ${DISK_FULL.source}`));
    expect(tempDebris(b.cacheDir)).toEqual([]);
    const audit = await auditRun(b, result);
    expect(audit.problems).toEqual([]);

    const mark = logMark(b);
    const again = await b.run(plan);
    const rerun = await auditRun(b, again, { sinceSeq: mark });
    expect(again.calls.filter((c) => c.status === 'succeeded').length).toBe(result.calls.filter((c) => c.status === 'failed').length);
    expect(rerun.problems).toEqual([]);
    tally.add('machine: full disk during a run', { cases: 2, faults: fault.hits, lost: audit.lost + rerun.lost, paidNotKept: audit.paidNotKept });
  });

  it('while a cache record is written: the call fails saying so, and its image is still in history', async () => {
    const b = await bench();
    let records = 0;
    const fault = diskFull((path) => /\/tmp\/\.[0-9a-f]{64}\.json\./.test(path) && ++records === 1);
    const result = await b.run(await b.compile(chain()), { only: 'a' }).finally(() => fault.restore());
    const a = result.calls[0]!;
    expect(a.status).toBe('failed');
    expect(a.error).toMatch(new RegExp(`^the prediction succeeded but could not be cached: ${DISK_FULL.source}`));
    const audit = await auditRun(b, result);
    expect(audit.problems).toEqual([]);
    expect(audit.paidNotKept).toBe(0);
    // The image was downloaded before the disk filled: it is in the cache folder and history points at it,
    // so the gallery still shows it and it can be saved.
    const call = (await b.history.get(result.runId))!.calls[0]!;
    expect(call.outputs).toHaveLength(1);
    expect(await b.cache.blobs.verify(call.outputs[0]!.sha256)).toBe('ok');
    expect(auditCache(b.cacheDir).records).toEqual([]);
    tally.add('machine: full disk during a run', { cases: 1, faults: fault.hits, lost: audit.lost + (call.outputs.length === 1 ? 0 : 1) });
  });

  it('while history is written: the run goes on and reports it; the images are cached all the same', async () => {
    const b = await bench();
    const fault = diskFull((path) => path.startsWith(`${b.dataDir}/history/`));
    let result;
    try {
      result = await b.run(await b.compile(chain()));
    } catch (error) {
      fault.restore();
      throw error;
    }
    fault.restore();
    expect(result.status).toBe('succeeded');
    expect(b.historyErrors.length).toBeGreaterThan(0);
    expect(String(b.historyErrors[0])).toMatch(DISK_FULL);
    for (const call of result.calls) expect(await b.cache.get(call.key!)).not.toBeNull();
    expect(auditCache(b.cacheDir).problems).toEqual([]);
    tally.add('machine: full disk during a run', { cases: 1, faults: fault.hits });
  });
});
