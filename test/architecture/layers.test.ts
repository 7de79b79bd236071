// The layers of DESIGN.md, enforced: a file's folder says what it may import.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');

interface Layer {
  folder: string;
  /** Project folders it may import from (itself included). */
  mayImport: string[];
  /** Package names (or prefixes ending in "*") it may import. */
  packages: string[];
}

const PURE = ['zod', '@noble/hashes/*'];
const LAYERS: Layer[] = [
  { folder: 'src/engine', mayImport: ['src/engine'], packages: PURE },
  { folder: 'nodes', mayImport: ['nodes', 'src/engine'], packages: PURE },
  { folder: 'src/api', mayImport: ['src/api', 'src/engine'], packages: PURE },
  { folder: 'src/runtime', mayImport: ['src/runtime', 'src/engine', 'nodes'], packages: [...PURE, 'node:*', 'replicate', 'sharp'] },
  { folder: 'src/cli', mayImport: ['src/cli', 'src/runtime', 'src/engine', 'nodes', 'src/api', 'package.json'], packages: [...PURE, 'node:*'] },
  { folder: 'src/web', mayImport: ['src/web', 'src/runtime', 'src/engine', 'nodes', 'src/api'], packages: [...PURE, 'node:*'] },
  { folder: 'src/main', mayImport: ['src/main', 'src/runtime', 'src/engine', 'nodes', 'src/api'], packages: [...PURE, 'node:*', 'electron', 'electron-updater'] },
  { folder: 'src/preload', mayImport: ['src/preload', 'src/api'], packages: ['electron', 'zod'] },
  {
    folder: 'src/renderer',
    mayImport: ['src/renderer', 'src/engine', 'nodes', 'src/api'],
    packages: [...PURE, 'react', 'react-dom', 'react/*', 'react-dom/*', '@xyflow/react', '@xyflow/react/*', 'immer'],
  },
];

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts|cts)$/.test(name) ? [full] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;

/** Template literals are text, not code: the scripts `weft export` writes contain require() lines. */
const TEMPLATE_LITERAL = /`(?:\\[\s\S]|[^`\\])*`/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(TEMPLATE_LITERAL, '``');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]!).filter(Boolean);
}

function allowedPackage(spec: string, packages: string[]): boolean {
  return packages.some((p) => (p.endsWith('*') ? spec.startsWith(p.slice(0, -1)) : spec === p));
}

describe('layers', () => {
  for (const layer of LAYERS) {
    it(`${layer.folder} imports only what DESIGN.md allows`, () => {
      const problems: string[] = [];
      for (const file of sourceFiles(join(ROOT, layer.folder))) {
        for (const spec of importsOf(file)) {
          const where = relative(ROOT, file);
          if (spec.startsWith('.')) {
            const target = relative(ROOT, resolve(dirname(file), spec));
            const ok = layer.mayImport.some((f) => target === f || target.startsWith(`${f}/`));
            if (!ok) problems.push(`${where} imports ${target}`);
          } else if (!allowedPackage(spec, layer.packages)) {
            problems.push(`${where} imports package ${spec}`);
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it('checks real files (the scan is not empty)', () => {
    expect(sourceFiles(join(ROOT, 'src/engine')).length).toBeGreaterThan(10);
    expect(importsOf(join(ROOT, 'nodes/index.ts'))).toContain('../src/engine');
  });
});
