// Compiling with the runtime's knowledge of images: every file, URL and asset read and hashed first,
// so the Plan carries real cache keys. Random seeds come from a CSPRNG in 1..MAX_SEED (never 0).
import './native-hash';
import { randomInt } from 'node:crypto';
import { compile, MAX_SEED, type Catalog, type ImageLookup, type Plan, type Workflow } from '../engine';
import type { ImagePreparer } from './images/image-preparer';

export interface CompileWorkflowOptions {
  catalog: Catalog;
  images: ImagePreparer;
  /** The workflow file's folder, for relative image paths; undefined for an unsaved workflow. */
  baseDir: string | undefined;
  randomSeed?: () => number;
}

export function drawSeed(): number {
  return randomInt(1, MAX_SEED + 1);
}

export async function compileWorkflow(workflow: Workflow, options: CompileWorkflowOptions): Promise<Plan> {
  const prepared = await options.images.prepare(workflow, options.catalog, options.baseDir);
  const randomSeed = options.randomSeed ?? drawSeed;
  const wanted = new Set<string>();
  const run = () =>
    compile(workflow, options.catalog, {
      randomSeed,
      image: (source) => prepared.image(source),
      invertedMask: (sha): ImageLookup => {
        const found = prepared.invertedMask(sha);
        if (!found) wanted.add(sha);
        return found;
      },
    });
  const plan = run();
  // Inverted masks are made on demand: a second pass once they exist gives their calls real keys.
  if (wanted.size && (await options.images.makeInvertedMasks(wanted))) return run();
  return plan;
}
