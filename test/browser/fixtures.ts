// Test inputs made from the repository's own example files (no binary fixtures to keep in sync).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './build-renderer';

/** Writes the photo embedded in the inpainting example to `dir` and returns its path. */
export function examplePhoto(dir: string): string {
  const example = JSON.parse(readFileSync(join(ROOT, 'resources', 'examples', 'inpainting.weft'), 'utf8')) as {
    nodes: { id: string; params: { asset?: string } }[];
    assets: Record<string, { type: string; data: string }>;
  };
  const sha = example.nodes.find((n) => n.id === 'photo')!.params.asset!;
  const path = join(dir, 'photo.png');
  writeFileSync(path, Buffer.from(example.assets[sha]!.data, 'base64'));
  return path;
}
