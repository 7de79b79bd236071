// The figures of test/RELIABILITY.md, counted by the tests themselves rather than typed by hand: each
// test file adds what it tried (cases), how many of those injected a fault the code had to survive, and
// how much data was lost (it asserts 0 as well; the count is written either way, so a loss is reported,
// never hidden). Written when the file's tests are done (figures-file.ts).
import { basename } from 'node:path';
import { afterAll } from 'vitest';
import { writeFigures, type Figures } from './figures-file';

export interface Tally {
  /** Counts `cases` tried in `category`, the injected `faults` survived, data `lost`, and `paidNotKept` (figures-file.ts). */
  add(category: string, counts: Partial<Figures>): void;
}

/** One tally per test file. */
export function useTally(testFile: string): Tally {
  const byCategory = new Map<string, Figures>();
  afterAll(() => writeFigures(basename(testFile).replace(/\.test\.ts$/, ''), byCategory));
  return {
    add(category, counts) {
      const current = byCategory.get(category) ?? { cases: 0, faults: 0, lost: 0, paidNotKept: 0 };
      byCategory.set(category, {
        cases: current.cases + (counts.cases ?? 0),
        faults: current.faults + (counts.faults ?? 0),
        lost: current.lost + (counts.lost ?? 0),
        paidNotKept: current.paidNotKept + (counts.paidNotKept ?? 0),
      });
    },
  };
}
