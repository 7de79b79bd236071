// Where the figures of test/RELIABILITY.md are written: test-results/reliability/<name>.json (git
// ignores test-results). `tsx test/reliability/figures.ts` turns them into the table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const FIGURES_DIR = resolve(__dirname, '..', '..', '..', 'test-results', 'reliability');

export interface Figures {
  cases: number;
  faults: number;
  /** Data Weft had or said it kept, then lost: must be 0. */
  lost: number;
  /**
   * Predictions that finished (and were billed) on Replicate whose images Weft could not get or keep
   * because the fault lasted (Replicate unreachable, token revoked, disk full or read-only): the cost
   * of the outage, not data Weft lost. Reported apart so neither figure hides the other.
   */
  paidNotKept: number;
}

export function writeFigures(name: string, value: ReadonlyMap<string, Figures> | Record<string, unknown>): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  const plain = value instanceof Map ? Object.fromEntries(value) : value;
  writeFileSync(join(FIGURES_DIR, `${name}.json`), `${JSON.stringify(plain, null, 2)}\n`);
}
