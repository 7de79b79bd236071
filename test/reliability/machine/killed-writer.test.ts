// A process writing everything Weft writes (workflow + .bak, autosave, cache blobs and records, history)
// is SIGKILLed at arbitrary moments. After each kill: the workflow file and its backup are whole
// workflows, the autosave restores, every blob's bytes hash to its name and every record is whole, and
// history opens and says the run was interrupted. Nothing half-written ever sits under a real name.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkflowDocument, loadWorkflowText } from '../../../src/engine';
import { RecoveryStore } from '../../../src/runtime/app/recovery/recovery-store';
import { History } from '../../../src/runtime/history/history';
import { withTempDir } from '../support/with-bench';
import { auditCache } from '../support/cache-audit';
import { useTally } from '../support/tally';

const FIXTURE = resolve(__dirname, 'fixtures', 'busy-writer.ts');

/** Starts the writer, lets it write for `afterMs` once it is going, then SIGKILLs it. */
function writeThenDie(dir: string, afterMs: number): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) setTimeout(() => child.kill('SIGKILL'), afterMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? done() : fail(new Error(`the writer ended on its own: ${output}`))));
  });
}

// Each kill has its own folder, so they run concurrently.
describe.concurrent('a writer killed mid-write', () => {
  const tally = useTally(__filename);

  for (const afterMs of [0, 37, 120, 260]) {
    it(`killed ${afterMs} ms into its writing leaves only whole files`, () => withTempDir(async (dir) => {
      await writeThenDie(dir, afterMs);

      const saved = loadWorkflowText(readFileSync(join(dir, 'busy.weft'), 'utf8'));
      expect(saved.ok).toBe(true);
      // The backup exists from the second save on, and is the version before (or, mid-save, the same).
      if (existsSync(join(dir, 'busy.weft.bak'))) {
        const backup = loadWorkflowText(readFileSync(join(dir, 'busy.weft.bak'), 'utf8'));
        expect(backup.ok).toBe(true);
        if (saved.ok && backup.ok) expect(Number(backup.workflow.name!.slice(1))).toBeGreaterThanOrEqual(Number(saved.workflow.name!.slice(1)) - 1);
      }

      const recovery = new RecoveryStore(join(dir, 'data', 'recovery'), { pid: -1 });
      const [autosave] = await recovery.list();
      expect(autosave?.documentId).toBe('busy-writer-doc');
      expect(loadWorkflowDocument(autosave!.workflow).ok).toBe(true);

      const audit = auditCache(join(dir, 'cache'));
      expect(audit.problems).toEqual([]);
      expect(audit.records.length).toBeGreaterThan(0);

      const history = await History.open(join(dir, 'data'));
      const [run] = await history.list();
      expect(run?.status).toBe('interrupted');
      await history.close();
      tally.add('machine: writer killed mid-write (SIGKILL)', { cases: 1, faults: 1, lost: audit.problems.length });
    }));
  }
});
