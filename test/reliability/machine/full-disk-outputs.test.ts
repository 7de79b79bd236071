// `weft run --out DIR` on a disk that fills up while the images are written to DIR: the command says so
// and exits 1, the images stay safe in the cache, DIR holds no half-written file (not even a hidden temp
// one), and once there is room the same command writes them all without running anything again.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeWorkflow } from '../../../src/engine';
import { runCli } from '../../helpers/cli';
import { useTempDirs } from '../../helpers/temp-dir';
import { auditCache } from '../support/cache-audit';
import { diskFull } from '../support/fs-faults';
import { useTally } from '../support/tally';
import { useBench } from '../support/use-bench';
import { fanOut } from '../support/workflows';

describe('a full disk while weft run writes the outputs', () => {
  const bench = useBench();
  const tempDir = useTempDirs();
  const tally = useTally(__filename);

  it('says so, leaves no partial file, and writes everything once there is room', async () => {
    const b = await bench();
    const dir = tempDir();
    const file = join(dir, 'fan.weft');
    writeFileSync(file, serializeWorkflow(fanOut(3, 'outputs')));
    const out = join(dir, 'out');
    const env = { WEFT_CACHE_DIR: b.cacheDir, WEFT_DATA_DIR: b.dataDir, REPLICATE_API_TOKEN: b.emulator.token, REPLICATE_BASE_URL: b.emulator.baseUrl };
    const fault = diskFull((path) => path.startsWith(out));
    const full = await runCli(['run', file, '--out', out], env).finally(() => fault.restore());
    expect(full.code).toBe(1);
    expect(full.stderr).toMatch(/^error: cannot write output 0 of node s1 to \S+: disk is full while writing \S+: free some space and try again/m);
    expect(full.stderr).not.toMatch(/\.tmp/);
    expect(readdirSync(out)).toEqual([]);
    expect(auditCache(b.cacheDir).records).toHaveLength(3);

    const created = b.emulator.log.entries().filter((e) => e.route === 'predictions.create').length;
    const again = await runCli(['run', file, '--out', out], env);
    expect(again.code).toBe(0);
    const written = readdirSync(out);
    expect(written.filter((name) => name.endsWith('.png'))).toHaveLength(3);
    expect(written.filter((name) => name.startsWith('.'))).toEqual([]);
    expect(b.emulator.log.entries().filter((e) => e.route === 'predictions.create')).toHaveLength(created);
    tally.add('machine: full disk writing files', { cases: 2, faults: fault.hits });
  });
});
