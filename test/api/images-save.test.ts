// The images.save contract: which output of which run an image is, checked at the boundary, and an
// answer that says when the file went out without its workflow.
import { describe, expect, it } from 'vitest';
import { API } from '../../src/api/contract';

const { request, response } = API['images.save'];
const sha256 = 'a'.repeat(64);
const target = { kind: 'path', path: '/tmp/out.png' } as const;

describe('images.save', () => {
  it('takes the run, call and output an image is, or none', () => {
    expect(request.safeParse({ sha256, target }).success).toBe(true);
    expect(request.parse({ sha256, target, source: { runId: '20250131-123456789-abcdef', node: 'portrait/s1#2', index: 0 } }).source).toEqual({
      runId: '20250131-123456789-abcdef',
      node: 'portrait/s1#2',
      index: 0,
    });
  });

  it.each([
    ['a run id history never makes (it becomes a file name)', { runId: '../../settings', node: 'draft', index: 0 }],
    ['an empty call id', { runId: '20250131-123456789-abcdef', node: '', index: 0 }],
    ['a negative output index', { runId: '20250131-123456789-abcdef', node: 'draft', index: -1 }],
    ['a fractional output index', { runId: '20250131-123456789-abcdef', node: 'draft', index: 0.5 }],
  ])('refuses %s', (_what, source) => {
    expect(request.safeParse({ sha256, target, source }).success).toBe(false);
  });

  it('answers where it saved, the sidecar, or why the workflow is missing', () => {
    expect(response.safeParse({ savedTo: '/tmp/out.png', sidecar: '/tmp/out.png.json' }).success).toBe(true);
    expect(response.safeParse({ savedTo: '/tmp/out.png', withoutWorkflow: { reason: 'not-in-history', message: 'the run that made it is no longer in history' } }).success).toBe(true);
    expect(response.safeParse({ savedTo: '/tmp/out.png', withoutWorkflow: { reason: 'lost', message: 'x' } }).success).toBe(false);
    expect(response.safeParse({ canceled: true }).success).toBe(true);
  });
});
