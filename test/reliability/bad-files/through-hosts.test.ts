// The same damaged files through what a user actually touches: `weft validate`, and the browser host's
// workflow.open, by path and as dropped text. The CLI exits 0 or 1 (never a crash, never "usage"), the
// host answers every one (no 500) and keeps answering, and no failed open changes the file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { useTempDirs } from '../../helpers/temp-dir';
import { badFileCases, isOneClearLine } from '../support/bad-file-cases';
import { useTally } from '../support/tally';
import { sha256OfFile } from '../support/tree';
import { startHost, type HostUnderTest } from '../support/web-host';

describe('damaged workflow files through the hosts', () => {
  const tempDir = useTempDirs();
  const tally = useTally(__filename);
  const cases = badFileCases();
  let web: HostUnderTest;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'weft-rel-hosts-'));
    web = await startHost(root);
  });
  afterAll(async () => {
    await web.host.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('weft validate: exit 0 or 1 with the problem on stderr, the file untouched', async () => {
    const dir = tempDir();
    const env = { WEFT_CACHE_DIR: join(dir, 'cache') };
    const problems: string[] = [];
    for (const [i, c] of cases.entries()) {
      const path = join(dir, `case-${i}.weft`);
      writeFileSync(path, c.bytes);
      const before = sha256OfFile(path);
      const run = await runCli(['validate', path], env);
      const first = run.stderr.split('\n')[0] ?? '';
      if (run.code !== 0 && run.code !== 1) problems.push(`${c.name}: exit ${run.code}: ${first}`);
      if (run.code === 1 && first.startsWith('error: ') && !(first.startsWith(`error: ${path}: `) && isOneClearLine(first))) problems.push(`${c.name}: ${first.slice(0, 200)}`);
      if (c.expect === 'error' && !first.startsWith(`error: ${path}: `)) problems.push(`${c.name}: should be refused: ${first.slice(0, 200)}`);
      if (sha256OfFile(path) !== before) problems.push(`${c.name}: the file changed`);
    }
    tally.add('bad files: weft validate', { cases: cases.length, faults: cases.length, lost: problems.filter((p) => p.endsWith('the file changed')).length });
    expect(problems).toEqual([]);
  });

  it('the browser host: workflow.open by path and as text answers each one, and keeps answering', async () => {
    const dir = tempDir();
    const problems: string[] = [];
    let changed = 0;
    // Every third case (each open by path rewrites the recent list, fsync and all): still hundreds.
    const sample = cases.filter((_, i) => i % 3 === 0);
    for (const [i, c] of sample.entries()) {
      const path = join(dir, `case-${i}.weft`);
      writeFileSync(path, c.bytes);
      const before = sha256OfFile(path);
      for (const request of [{ kind: 'path', path }, { kind: 'text', name: `case-${i}.weft`, text: c.bytes.toString('utf8') }]) {
        const { status, reply } = await web.api('workflow.open', request);
        if (status !== 200) problems.push(`${c.name} (${request.kind}): HTTP ${status}`);
        else if (!reply.ok && (reply.error.code !== 'bad-request' || !isOneClearLine(reply.error.error))) problems.push(`${c.name} (${request.kind}): ${JSON.stringify(reply.error).slice(0, 200)}`);
        else if (reply.ok && c.expect === 'error' && request.kind === 'path') problems.push(`${c.name}: should be refused`);
      }
      if (sha256OfFile(path) !== before) changed++;
    }
    const info = await web.api('app.info', {});
    expect(info.reply).toMatchObject({ ok: true, value: { host: 'web' } });
    tally.add('bad files: browser host open (path + text)', { cases: sample.length * 2, faults: sample.length * 2, lost: changed });
    expect(problems).toEqual([]);
    expect(changed).toBe(0);
    expect(web.logs.filter((line) => /failed/.test(line))).toEqual([]);
  });
});
