import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh folder per call, removed after the test. */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-test-'));
    made.push(dir);
    return dir;
  };
}

export const EXAMPLES_DIR = join(__dirname, '..', '..', 'resources', 'examples');
export const EXAMPLE_NAMES = ['text-to-image-two-loras', 'inpainting', 'rf-inversion-edit', 'text-to-image-then-img2img'] as const;
