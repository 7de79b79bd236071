import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { locateJsonSyntaxError } from '../../../src/runtime/storage/json-locate';
import { parseJsonText, readJsonFile } from '../../../src/runtime/storage/read-json';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

const Settings = z.object({
  theme: z.enum(['light', 'dark']),
  outputs: z.array(z.object({ sha256: z.string().length(64) })),
});

async function fileWith(text: string): Promise<string> {
  const path = join(tempDir(), 'settings.json');
  await fsp.writeFile(path, text);
  return path;
}

describe('readJsonFile', () => {
  it('returns the typed value', async () => {
    const path = await fileWith('{"theme":"dark","outputs":[]}');
    const result = await readJsonFile(path, Settings);
    expect(result).toEqual({ ok: true, value: { theme: 'dark', outputs: [] } });
  });

  it('tolerates a byte-order mark', async () => {
    const result = await readJsonFile(await fileWith('\uFEFF{"theme":"light","outputs":[]}'), Settings);
    expect(result.ok).toBe(true);
  });

  it('reports a missing file', async () => {
    const path = join(tempDir(), 'nope.json');
    const result = await readJsonFile(path, Settings);
    expect(result).toEqual({ ok: false, error: { kind: 'missing', path, message: `${path} does not exist` } });
  });

  it('reports an empty (e.g. truncated) file', async () => {
    const result = await readJsonFile(await fileWith('  \n'), Settings);
    expect(!result.ok && result.error.kind).toBe('empty');
  });

  it('locates a syntax error by line and column', async () => {
    const path = await fileWith('{\n  "theme": "dark",\n  "outputs": [1,]\n}');
    const result = await readJsonFile(path, Settings);
    if (result.ok) throw new Error('expected an error');
    expect(result.error).toMatchObject({ kind: 'syntax', line: 3, column: 17 });
    expect(result.error.message).toBe(`${path}:3:17: invalid JSON: unexpected character "]"`);
  });

  it('locates a schema error by field', async () => {
    const path = await fileWith('{"theme":"dark","outputs":[{"sha256":"short"}]}');
    const result = await readJsonFile(path, Settings);
    if (result.ok) throw new Error('expected an error');
    expect(result.error.kind).toBe('schema');
    expect(result.error.issues?.[0]?.at).toBe('outputs[0].sha256');
    expect(result.error.message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: outputs\\[0\\]\\.sha256: `));
  });

  it('reports a folder where a file was expected as unreadable', async () => {
    const result = await readJsonFile(tempDir(), Settings);
    expect(!result.ok && result.error.kind).toBe('unreadable');
    expect(!result.ok && result.error.errno).toBe('EISDIR');
  });
});

describe('locateJsonSyntaxError', () => {
  it('finds nothing wrong in any valid JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        expect(locateJsonSyntaxError(JSON.stringify(value, null, pretty ? 2 : undefined))).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with JSON.parse about which texts are invalid', () => {
    const jsonish = fc.stringMatching(/^[\s{}[\]",:0-9.eE+\-truefalsn\\u]{0,24}$/);
    fc.assert(
      fc.property(jsonish, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(locateJsonSyntaxError(text) === null).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });

  it('points at the end of a truncated document', () => {
    expect(locateJsonSyntaxError('{"a": [1, 2')).toMatchObject({ offset: 11, line: 1, column: 12 });
  });
});

describe('parseJsonText', () => {
  it('names the given path in its messages', () => {
    const result = parseJsonText('nope', Settings, '/x/y.json');
    expect(!result.ok && result.error.message).toBe('/x/y.json:1:1: invalid JSON: unexpected character "n"');
  });
});
