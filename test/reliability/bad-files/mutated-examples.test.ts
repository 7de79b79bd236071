// The four examples, damaged in every way weft-mutations.ts knows, read from disk and compiled as the
// hosts do. Each gives a clear, located error or loads (its problems then diagnostics on their nodes);
// compile never throws; and a failed load leaves the file byte for byte as it was.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../nodes';
import { BlobStore } from '../../../src/runtime/cache/blobs';
import { compileWorkflow } from '../../../src/runtime/compile-workflow';
import { ImagePreparer } from '../../../src/runtime/images/image-preparer';
import { readWorkflowFile } from '../../../src/runtime/workflow/workflow-file';
import { useTempDirs } from '../../helpers/temp-dir';
import { badFileCases, judge } from '../support/bad-file-cases';
import { useTally } from '../support/tally';
import { sha256OfFile } from '../support/tree';

describe('damaged workflow files, read and compiled', () => {
  const tempDir = useTempDirs();
  const tally = useTally(__filename);

  it('each gives a located error or loads with located diagnostics, and no failed load touches the file', async () => {
    const dir = tempDir();
    const images = new ImagePreparer(new BlobStore(join(dir, 'cache')));
    const problems: string[] = [];
    const cases = badFileCases();
    let changed = 0;
    for (const [i, c] of cases.entries()) {
      const path = join(dir, `case-${i}.weft`);
      writeFileSync(path, c.bytes);
      const before = sha256OfFile(path);
      const read = await readWorkflowFile(path);
      if (!read.ok) {
        if (!read.error.startsWith(`${path}: `)) problems.push(`${c.name}: the error does not name the file: ${read.error.slice(0, 200)}`);
        problems.push(...judge(c, { error: read.error.slice(path.length + 2) }).map((p) => `${c.name}: ${p}`));
      } else {
        const plan = await compileWorkflow(read.workflow, { catalog, images, baseDir: dir, randomSeed: () => 7 });
        problems.push(...judge(c, { diagnostics: [...read.warnings, ...plan.diagnostics] }).map((p) => `${c.name}: ${p}`));
      }
      if (sha256OfFile(path) !== before) {
        changed++;
        problems.push(`${c.name}: the file changed on disk`);
      }
    }
    tally.add('bad files: read + compile', { cases: cases.length, faults: cases.length, lost: changed });
    expect(problems).toEqual([]);
    expect(cases.length).toBeGreaterThan(900);
  });
});
