// Generated bad files (fast-check): random bytes, random text, and the examples with a random part
// replaced by random JSON or with unknown keys added anywhere. Whatever comes in, loading never throws
// and answers one clear line or a workflow; compile never throws and places every diagnostic; a loaded
// workflow saves and loads back to itself; and unknown content survives the save.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../nodes';
import { compile, loadWorkflowText, serializeWorkflow } from '../../../src/engine';
import { parseWorkflowBytes } from '../../../src/runtime/workflow/workflow-file';
import { EXAMPLES_DIR, EXAMPLE_NAMES } from '../../helpers/temp-dir';
import { isLocated, isOneClearLine } from '../support/bad-file-cases';
import { useTally } from '../support/tally';

const EXAMPLES = EXAMPLE_NAMES.map((name) => JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.weft`), 'utf8')) as Record<string, unknown>);
const env = () => {
  let seed = 1;
  return { randomSeed: () => seed++ };
};
const key = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== '__proto__');

/** Every path (to objects and arrays included) inside a JSON value. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...children.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

function setAt(root: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> {
  if (path.length === 0) return value as Record<string, unknown>;
  const copy = structuredClone(root);
  let target: any = copy;
  for (const step of path.slice(0, -1)) target = target[step];
  target[path.at(-1)!] = value;
  return copy;
}

/** Loads, and if it loaded, compiles and round-trips; answers what is wrong. */
function check(text: string): string[] {
  const loaded = loadWorkflowText(text);
  if (!loaded.ok) return isOneClearLine(loaded.error) ? [] : [`unclear error: ${loaded.error.slice(0, 200)}`];
  const plan = compile(loaded.workflow, catalog, env());
  const problems = plan.diagnostics.filter((d) => !isLocated(d)).map((d) => `diagnostic without a place: ${JSON.stringify(d)}`);
  const saved = serializeWorkflow(loaded.workflow);
  const again = loadWorkflowText(saved);
  if (!again.ok) problems.push(`a saved workflow does not load again: ${again.error}`);
  else if (serializeWorkflow(again.workflow) !== saved) problems.push('save, load, save changes the file');
  return problems;
}

describe('generated bad files', () => {
  const tally = useTally(__filename);

  it('random bytes: never a throw, always one clear line naming the file', () => {
    let runs = 0;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        runs++;
        const result = parseWorkflowBytes(bytes, 'dropped.weft');
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.error.startsWith('dropped.weft: ')).toBe(true);
          expect(isOneClearLine(result.error)).toBe(true);
        }
      }),
      { numRuns: 300, seed: 71 },
    );
    tally.add('bad files: generated (fast-check)', { cases: runs, faults: runs });
  });

  it('random text, and random JSON: loads or says why in one line', () => {
    let runs = 0;
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 500 }), fc.json({ maxDepth: 6 })), (text) => {
        runs++;
        expect(check(text)).toEqual([]);
      }),
      { numRuns: 300, seed: 72 },
    );
    tally.add('bad files: generated (fast-check)', { cases: runs, faults: runs });
  });

  it('an example with any part replaced by random JSON: loads (and compiles, and round-trips) or says why', () => {
    let runs = 0;
    const arbitrary = fc.integer({ min: 0, max: EXAMPLES.length - 1 }).chain((i) => {
      const paths = pathsOf(EXAMPLES[i]);
      return fc.tuple(fc.constant(i), fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 4 }));
    });
    fc.assert(
      fc.property(arbitrary, ([i, path, value]) => {
        runs++;
        expect(check(JSON.stringify(setAt(EXAMPLES[i]!, path, value)))).toEqual([]);
      }),
      { numRuns: 400, seed: 73 },
    );
    tally.add('bad files: generated (fast-check)', { cases: runs, faults: runs });
  });

  it('unknown keys anywhere in an example: it loads, and saving keeps every one of them', () => {
    let runs = 0;
    const arbitrary = fc.integer({ min: 0, max: EXAMPLES.length - 1 }).chain((i) => {
      const objects = pathsOf(EXAMPLES[i]).filter((p) => {
        let v: any = EXAMPLES[i];
        for (const step of p) v = v[step];
        // Objects of the format itself (params take any key, and assets are named by hash: not those).
        return v !== null && typeof v === 'object' && !Array.isArray(v) && !['params', 'assets'].includes(String(p.at(-1))) && p[0] !== 'assets';
      });
      return fc.tuple(fc.constant(i), fc.constantFrom(...objects), key, fc.jsonValue({ maxDepth: 3 }));
    });
    fc.assert(
      fc.property(arbitrary, ([i, path, name, value]) => {
        runs++;
        const doc = structuredClone(EXAMPLES[i]!);
        let target: any = doc;
        for (const step of path) target = target[step];
        if (name in target) return; // not unknown
        target[name] = value;
        const loaded = loadWorkflowText(JSON.stringify(doc));
        expect(loaded.ok).toBe(true);
        if (!loaded.ok) return;
        let saved: any = JSON.parse(serializeWorkflow(loaded.workflow));
        for (const step of path) saved = saved[step];
        expect(saved[name]).toEqual(value);
      }),
      { numRuns: 300, seed: 74 },
    );
    tally.add('bad files: unknown content survives a save', { cases: runs, faults: 0 });
  });
});
