// Three messages the mutation suite found wrong, pinned one by one (see test/RELIABILITY.md, fixes):
// a JSON error V8 reports without a position is located all the same, on one line; a field of the wrong
// type is not called missing; and absurd nesting is refused at load instead of failing every later save.
import { describe, expect, it } from 'vitest';
import { MAX_WORKFLOW_NESTING, loadWorkflowText } from '../../../src/engine';

const errorOf = (text: string) => {
  const result = loadWorkflowText(text);
  return result.ok ? 'loaded' : result.error;
};
const withX = (x: string) => `{"format":"weft-workflow","version":1,"nodes":[{"id":"p","type":"prompt","position":{"x":${x},"y":0},"params":{}}],"edges":[]}`;

describe('load messages', () => {
  it('locate JSON errors V8 gives no position for, in one line without quoting the file', () => {
    expect(errorOf('hello, world')).toBe('not valid JSON at line 1, column 1: unexpected character "h"');
    expect(errorOf('{\n  "a": tru\n}')).toMatch(/^not valid JSON at line 2, column 8: /);
    expect(errorOf('{\n  "a": 1,\n  "b": $x\n}')).not.toContain('\n');
  });

  it('say a field has the wrong type, not that it is missing', () => {
    expect(errorOf(withX('"oops"'))).toBe('node p: position.x Invalid input: expected number, received string');
    expect(errorOf(withX('1e400'))).toBe('node p: position.x Invalid input: expected number, received Infinity');
    expect(errorOf(withX('null'))).toMatch(/^node p: position\.x Invalid input/);
    expect(errorOf('{"format":"weft-workflow","version":1,"nodes":[{"id":"p","type":"prompt","position":{"y":0}}],"edges":[]}')).toBe('node p: position.x is missing');
  });

  it(`refuse nesting deeper than ${MAX_WORKFLOW_NESTING} levels, saying where`, () => {
    const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    expect(errorOf(`{"format":"weft-workflow","version":1,"nodes":[],"edges":[],"ui":${deep(100_000)}}`)).toBe(
      `ui.a.a.a.a.a… is nested more than ${MAX_WORKFLOW_NESTING} levels deep: no Weft workflow is, so it cannot be read`,
    );
    expect(errorOf(`{"format":"weft-workflow","version":1,"nodes":[],"edges":[],"ui":${deep(400)}}`)).toBe('loaded');
  });
});
