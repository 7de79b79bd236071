import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BlobStore } from '../../../src/runtime/cache/blobs';
import { StorageError } from '../../../src/runtime/storage/errors';
import { tempPathFor } from '../../../src/runtime/storage/temp-files';
import { useTempDirs } from '../../helpers/temp-dir';
import { pngLike, sha256Of } from './images';

const tempDir = useTempDirs();

async function rejection(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fsp.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

describe('BlobStore', () => {
  it('stores bytes under blobs/<aa>/<sha256> and reads them back', async () => {
    const root = tempDir();
    const store = await BlobStore.open(root);
    const bytes = pngLike('cat');
    const put = await store.putImage(bytes);
    const sha = sha256Of(bytes);
    expect(put).toEqual({ sha256: sha, size: bytes.length, mediaType: 'image/png', created: true });
    expect(await filesUnder(root)).toEqual([join('blobs', sha.slice(0, 2), sha)]);
    expect(await store.read(sha)).toEqual(bytes);
    expect(await store.has(sha)).toBe(true);
    expect(await store.info(sha)).toEqual({ sha256: sha, size: bytes.length, mediaType: 'image/png' });
  });

  it('stores identical bytes once and only refreshes their last-use time', async () => {
    let clock = 1_000_000_000_000;
    const root = tempDir();
    const store = await BlobStore.open(root, { now: () => clock });
    const bytes = pngLike('dog');
    const first = await store.putImage(bytes);
    expect((await store.stat(first.sha256))?.lastUsedMs).toBe(clock);
    clock += 60_000;
    const second = await store.putImage(Buffer.from(bytes));
    expect(second).toEqual({ ...first, created: false });
    expect((await store.stat(first.sha256))?.lastUsedMs).toBe(clock);
    expect(await store.list()).toHaveLength(1);
  });

  it.each([
    ['an SVG', '<svg xmlns="http://www.w3.org/2000/svg"/>', 'SVG or XML text'],
    ['an HTML error page', '<html><body>Bad Gateway</body></html>', 'HTML or XML text'],
    ['plain text', 'just some words', 'an unsupported format'],
  ])('refuses %s and writes nothing', async (_name, text, described) => {
    const root = tempDir();
    const store = await BlobStore.open(root);
    const error = await rejection(store.putImage(Buffer.from(text), 'model output'));
    expect(error.code).toBe('not-an-image');
    expect(error.message).toBe(`refusing to store model output: it is ${described}, not a PNG, JPEG, WebP or GIF image`);
    expect(await filesUnder(root)).toEqual([]);
  });

  it.each([
    ['a path', '../../../etc/passwd'],
    ['uppercase hex', 'A'.repeat(64)],
    ['63 characters', 'a'.repeat(63)],
    ['a sha with a suffix', `${'a'.repeat(64)}/x`],
    ['an empty string', ''],
  ])('rejects %s as a sha256 before touching the file system', async (_name, bad) => {
    const store = new BlobStore(join(tempDir(), 'never-created'));
    for (const call of [() => store.read(bad), () => store.has(bad), () => store.stat(bad), () => store.remove(bad), () => store.verify(bad)]) {
      const error = await rejection(call());
      expect(error.code).toBe('invalid-argument');
    }
  });

  it('verify() deletes a blob whose bytes no longer match its name', async () => {
    const store = await BlobStore.open(tempDir());
    const { sha256 } = await store.putImage(pngLike('bird'));
    expect(await store.verify(sha256)).toBe('ok');
    await fsp.writeFile(join(store.layout.blobs, sha256.slice(0, 2), sha256), pngLike('not a bird'));
    expect(await store.verify(sha256)).toBe('corrupt');
    expect(await store.has(sha256)).toBe(false);
    expect(await store.verify(sha256)).toBe('missing');
  });

  it('replaces a damaged (wrong-size) blob when the same bytes are stored again', async () => {
    const store = await BlobStore.open(tempDir());
    const bytes = pngLike('fish', 1000);
    const { sha256 } = await store.putImage(bytes);
    await fsp.truncate(join(store.layout.blobs, sha256.slice(0, 2), sha256), 500);
    expect((await store.putImage(bytes)).created).toBe(true);
    expect(await store.verify(sha256)).toBe('ok');
  });

  it('read() of a blob that is not there says so', async () => {
    const store = await BlobStore.open(tempDir());
    const error = await rejection(store.read('0'.repeat(64)));
    expect(error.code).toBe('not-found');
  });

  it('putStream hashes as it writes and dedupes like putImage', async () => {
    const store = await BlobStore.open(tempDir());
    const bytes = pngLike('stream', 100_000);
    const chunks = Readable.from([bytes.subarray(0, 5), bytes.subarray(5, 40_000), bytes.subarray(40_000)]);
    const streamed = await store.putStream(chunks);
    expect(streamed).toMatchObject({ sha256: sha256Of(bytes), size: bytes.length, mediaType: 'image/png', created: true });
    expect((await store.putImage(bytes)).created).toBe(false);
    expect((await store.putStream(Readable.from([bytes]))).created).toBe(false);
    expect(await fsp.readdir(store.layout.tmp)).toEqual([]);
  });

  it('putStream stops at the first bytes of a non-image and at the size limit', async () => {
    const store = await BlobStore.open(tempDir(), { maxBytes: 1000 });
    let pulled = 0;
    async function* htmlThenMore() {
      yield Buffer.from('<!doctype html><html>');
      for (;;) {
        pulled++;
        yield Buffer.alloc(10);
      }
    }
    expect((await rejection(store.putStream(htmlThenMore(), 'https://x/y.png'))).code).toBe('not-an-image');
    expect(pulled).toBe(0);
    const tooBig = Readable.from([pngLike('big', 800), pngLike('bigger', 800)]);
    expect((await rejection(store.putStream(tooBig))).message).toMatch(/larger than 1000 bytes/);
    expect(await fsp.readdir(store.layout.tmp)).toEqual([]);
    expect(await store.list()).toEqual([]);
  });

  it('putFile stores an image file and names the file when refusing one', async () => {
    const dir = tempDir();
    const store = await BlobStore.open(join(dir, 'cache'));
    await fsp.writeFile(join(dir, 'in.png'), pngLike('input'));
    await fsp.writeFile(join(dir, 'in.svg'), '<svg/>');
    expect((await store.putFile(join(dir, 'in.png'))).sha256).toBe(sha256Of(pngLike('input')));
    expect((await rejection(store.putFile(join(dir, 'in.svg')))).message).toContain(join(dir, 'in.svg'));
    expect((await rejection(store.putFile(join(dir, 'missing.png')))).code).toBe('not-found');
  });

  it('concurrent puts of the same bytes from two stores on one folder leave one complete blob', async () => {
    const root = tempDir();
    const [a, b] = [await BlobStore.open(root), await BlobStore.open(root)];
    const same = pngLike('shared', 300_000);
    const others = Array.from({ length: 10 }, (_, i) => pngLike(`other-${i}`, 10_000));
    const results = await Promise.all([
      ...Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).putImage(Buffer.from(same))),
      ...Array.from({ length: 6 }, () => a.putStream(Readable.from([same.subarray(0, 1000), same.subarray(1000)]))),
      ...others.map((bytes, i) => (i % 2 ? a : b).putImage(bytes)),
    ]);
    expect(new Set(results.slice(0, 18).map((r) => r.sha256))).toEqual(new Set([sha256Of(same)]));
    expect(await a.list()).toHaveLength(11);
    expect(await b.verify(sha256Of(same))).toBe('ok');
    expect(await fsp.readdir(a.layout.tmp)).toEqual([]);
  });

  it('sweeps temp files abandoned by crashed writers when opened, and never serves them', async () => {
    const root = tempDir();
    const store = await BlobStore.open(root);
    const bytes = pngLike('half-written');
    const sha = sha256Of(bytes);
    // What a writer killed mid-write leaves: a partial temp file, nothing at the final name.
    const abandoned = tempPathFor(store.layout.tmp, sha);
    await fsp.writeFile(abandoned, bytes.subarray(0, 100));
    expect(await store.has(sha)).toBe(false);
    await BlobStore.open(root, { tempMaxAgeMs: 60_000 });
    expect(await fsp.readdir(store.layout.tmp)).toHaveLength(1); // still fresh: might be a live writer
    const old = new Date(Date.now() - 3_600_000);
    await fsp.utimes(abandoned, old, old);
    await BlobStore.open(root, { tempMaxAgeMs: 60_000 });
    expect(await fsp.readdir(store.layout.tmp)).toEqual([]);
  });
});
