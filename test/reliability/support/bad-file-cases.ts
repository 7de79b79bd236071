// Every bad file the suite tries, from the four shipped examples plus files that are not workflows, and
// what counts as a good answer to each.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../../src/engine';
import { EXAMPLES_DIR, EXAMPLE_NAMES } from '../../helpers/temp-dir';
import { mutationsOf, notWorkflows, type Mutation } from './weft-mutations';

export function badFileCases(): Mutation[] {
  const cases = EXAMPLE_NAMES.flatMap((name, i) => mutationsOf(name, readFileSync(join(EXAMPLES_DIR, `${name}.weft`), 'utf8'), 1000 + i));
  return [...cases, ...notWorkflows()];
}

/** One line a user can read: no stack trace, no "[object Object]", not empty, not a novel. */
export function isOneClearLine(message: string): boolean {
  return message.length > 10 && message.length < 2000 && !message.includes('\n') && !/\[object Object\]|\bat \S+ \(|undefined/.test(message);
}

/** A diagnostic says where: on a node, an edge, or an asset named in its message. */
export function isLocated(d: Diagnostic): boolean {
  return (d.node !== undefined || d.edge !== undefined || /^asset /.test(d.message)) && isOneClearLine(d.message);
}

/** Checks an answer against what the case expects; returns what is wrong (empty when fine). */
export function judge(c: Mutation, outcome: { error: string } | { diagnostics: Diagnostic[] }): string[] {
  const problems: string[] = [];
  if ('error' in outcome) {
    if (c.expect === 'loads') problems.push(`should load, but: ${outcome.error}`);
    if (!isOneClearLine(outcome.error)) problems.push(`unclear error: ${JSON.stringify(outcome.error.slice(0, 300))}`);
    if (c.locator && !c.locator.test(outcome.error)) problems.push(`error does not say where (${c.locator}): ${outcome.error.slice(0, 300)}`);
  } else {
    if (c.expect === 'error') problems.push('should be refused, but it loaded');
    for (const d of outcome.diagnostics) if (!isLocated(d)) problems.push(`diagnostic without a place: ${JSON.stringify(d).slice(0, 300)}`);
    if (c.diagnostics && !outcome.diagnostics.some((d) => c.diagnostics!.includes(d.code))) problems.push(`expected one of ${c.diagnostics.join(', ')}, got ${outcome.diagnostics.map((d) => d.code).join(', ') || 'none'}`);
  }
  return problems;
}
