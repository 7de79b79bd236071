// A terse way to write workflows in tests: nodes as `id: [type, params]`, edges as "from.port>to.port".
import { compile, type CompileEnv, type Plan, type Workflow } from '../../src/engine';
import { catalog } from '../../nodes';

export type NodeList = Record<string, [type: string, params?: Record<string, unknown>]>;

export function workflow(nodes: NodeList, edges: string[] = [], extra: Partial<Workflow> = {}): Workflow {
  return {
    format: 'weft-workflow',
    version: 1,
    nodes: Object.entries(nodes).map(([id, [type, params]], i) => ({ id, type, position: { x: i * 200, y: 0 }, params: params ?? {} })),
    edges: edges.map((text, i) => {
      const match = /^(\w+)\.(\w+)>(\w+)\.(\w+)$/.exec(text);
      if (!match) throw new Error(`bad edge ${text}`);
      return { id: `e${i + 1}`, from: { node: match[1]!, port: match[2]! }, to: { node: match[3]!, port: match[4]! } };
    }),
    assets: {},
    ...extra,
  };
}

/** An env whose random seeds count up from 1001, so plans are reproducible in tests. */
export function testEnv(overrides: Partial<CompileEnv> = {}): CompileEnv {
  let next = 1001;
  return { randomSeed: () => next++, ...overrides };
}

export function compileTest(wf: Workflow, env: Partial<CompileEnv> = {}): Plan {
  return compile(wf, catalog, testEnv(env));
}

export function messagesOf(plan: Plan, severity?: 'error' | 'warning' | 'info'): string[] {
  return plan.diagnostics.filter((d) => !severity || d.severity === severity).map((d) => `${d.node ?? ''}${d.param ? `.${d.param}` : d.port ? `:${d.port}` : ''} ${d.code}`);
}

export const SHA_A = 'a'.repeat(64);
export const SHA_B = 'b'.repeat(64);

/** An env that knows the bytes of every file as a fixed image of the given size. */
export function envWithImages(images: Record<string, { sha256: string; width: number; height: number }>): Partial<CompileEnv> {
  return {
    image: (source) => (source.kind === 'file' ? images[source.path] ?? { error: `file not found: ${source.path}` } : undefined),
    invertedMask: (sha) => ({ sha256: `${sha.slice(0, 60)}feed`, width: 512, height: 512 }),
  };
}
