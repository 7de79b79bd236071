import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTempName, sweepStaleTempFiles, tempPathFor } from '../../../src/runtime/storage/temp-files';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('temp files', () => {
  it('are hidden, unique, and say what they were going to become', () => {
    const a = tempPathFor('/cache/tmp', '/cache/calls/ab/abc.json');
    const b = tempPathFor('/cache/tmp', '/cache/calls/ab/abc.json');
    expect(a).not.toBe(b);
    expect(dirname(a)).toBe('/cache/tmp');
    expect(basename(a)).toMatch(/^\.abc\.json\.\d+\.[0-9a-f]{12}\.tmp$/);
    expect(isTempName(basename(a))).toBe(true);
    expect(isTempName('abc.json')).toBe(false);
  });

  it('sweeping removes only abandoned temp files', async () => {
    const dir = tempDir();
    const now = Date.now();
    const old = tempPathFor(dir, 'old.json');
    const fresh = tempPathFor(dir, 'fresh.json');
    const real = join(dir, 'real.json');
    for (const path of [old, fresh, real]) await fsp.writeFile(path, 'x');
    const longAgo = new Date(now - 3_600_000);
    await fsp.utimes(old, longAgo, longAgo);
    await fsp.utimes(real, longAgo, longAgo);
    expect(await sweepStaleTempFiles(dir, { now, olderThanMs: 60_000 })).toBe(1);
    expect((await fsp.readdir(dir)).sort()).toEqual([basename(fresh), 'real.json'].sort());
  });

  it('sweeping a folder that does not exist is a no-op', async () => {
    expect(await sweepStaleTempFiles(join(tempDir(), 'missing'))).toBe(0);
  });
});
