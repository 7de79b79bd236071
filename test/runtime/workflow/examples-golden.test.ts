// Golden files: each example workflow's exact Plan. A change in what Weft sends to Replicate shows up
// here as a diff to review; regenerate with UPDATE_GOLDEN=1 npx vitest run test/runtime/workflow.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../nodes';
import { serializeWorkflow } from '../../../src/engine';
import { BlobStore } from '../../../src/runtime/cache/blobs';
import { compileWorkflow } from '../../../src/runtime/compile-workflow';
import { ImagePreparer } from '../../../src/runtime/images/image-preparer';
import { readWorkflowFile } from '../../../src/runtime/workflow/workflow-file';
import { EXAMPLES_DIR, EXAMPLE_NAMES, useTempDirs } from '../../helpers/temp-dir';

const GOLDEN = join(__dirname, '..', '..', 'golden', 'plans');

describe('the example workflows', () => {
  const tempDir = useTempDirs();

  it.each(EXAMPLE_NAMES)('%s loads, saves back byte for byte, and compiles to its golden Plan', async (name) => {
    const path = join(EXAMPLES_DIR, `${name}.weft`);
    const loaded = await readWorkflowFile(path);
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.warnings).toEqual([]);
    expect(serializeWorkflow(loaded.workflow)).toBe(readFileSync(path, 'utf8'));

    let seed = 500;
    const plan = await compileWorkflow(loaded.workflow, {
      catalog,
      images: new ImagePreparer(new BlobStore(tempDir())),
      baseDir: EXAMPLES_DIR,
      randomSeed: () => seed++,
    });
    expect(plan.diagnostics).toEqual([]);
    const golden = join(GOLDEN, `${name}.plan.json`);
    const text = `${JSON.stringify(plan, null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, text);
    expect(existsSync(golden), `missing golden file ${golden}: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });
});
