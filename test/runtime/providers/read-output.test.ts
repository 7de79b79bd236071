// A prediction's output, whatever shape a model gives it: the file URLs in order, or what it was instead.
import { describe, expect, it } from 'vitest';
import { finishedOutput, readOutput } from '../../../src/runtime/providers/replicate/schemas';

describe('readOutput', () => {
  it('takes a list of files, a single file, data URIs and nothing at all', () => {
    expect(readOutput(['https://replicate.delivery/a/out-0.webp', 'https://replicate.delivery/a/out-1.webp'])).toEqual({
      urls: ['https://replicate.delivery/a/out-0.webp', 'https://replicate.delivery/a/out-1.webp'],
    });
    expect(readOutput('https://replicate.delivery/a/out.png')).toEqual({ urls: ['https://replicate.delivery/a/out.png'] });
    expect(readOutput(['data:image/png;base64,iVBORw0KGgo='])).toEqual({ urls: ['data:image/png;base64,iVBORw0KGgo='] });
    expect(readOutput(null)).toEqual({ urls: [] });
    expect(readOutput([])).toEqual({ urls: [] });
  });

  it('names what a model returned when it is not files', () => {
    expect(readOutput('a cat')).toEqual({ unusable: 'text ("a cat")' });
    expect(readOutput(['a', ' cat'])).toEqual({ unusable: 'a list of text' });
    expect(readOutput({ caption: 'a cat', score: 0.9 })).toEqual({ unusable: 'an object with the fields caption, score' });
    expect(readOutput(0.97)).toEqual({ unusable: 'a number' });
    expect(finishedOutput(true, 'a cat')).toEqual({ output: [], unusableOutput: 'text ("a cat")' });
    expect(finishedOutput(false, 'a cat')).toEqual({ output: [] });
  });
});
