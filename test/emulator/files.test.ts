/**
 * The files API and how predictions read their image inputs: uploaded files, earlier outputs, data URIs;
 * never anything outside the emulator; never bytes that are not an image.
 */
import { createHash } from 'node:crypto';
import type { FileObject } from 'replicate';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FLUX_THOTH } from './index';
import { api, dataUri, download, pngOfSize, useEmulator } from './harness';

const h = useEmulator();
const DAY_MS = 24 * 3_600_000;

async function upload(bytes: Buffer, name = 'photo.png', type = 'image/png', metadata: Record<string, unknown> = {}): Promise<FileObject> {
  return h.replicate.files.create(new File([new Uint8Array(bytes)], name, { type }), metadata);
}

function run(input: Record<string, unknown>) {
  return h.replicate.predictions.create({ version: FLUX_THOTH.version, input, wait: true });
}

describe('POST /files', () => {
  it('answers the file object with size, checksums, expiry and urls.get', async () => {
    const bytes = await pngOfSize(40, 30);
    const file = await upload(bytes, 'photo.png', 'image/png', { source: 'weft' });
    expect(file.id).toMatch(/^[a-z2-7]{26}$/);
    expect(file).toMatchObject({
      name: 'photo.png',
      content_type: 'image/png',
      size: bytes.length,
      metadata: { source: 'weft' },
      checksums: { sha256: createHash('sha256').update(bytes).digest('hex') },
      urls: { get: `${h.emulator.baseUrl}/files/${file.id}` },
    });
    expect(Date.parse(file.expires_at as string) - Date.parse(file.created_at)).toBe(DAY_MS);
  });

  it('answers urls.get with the file object (JSON, token needed) and the bytes at /download', async () => {
    const bytes = await pngOfSize(8, 8);
    const file = await upload(bytes);
    const viaGet = await fetch(file.urls.get, { headers: { Authorization: `Bearer ${h.emulator.token}` } });
    expect(viaGet.headers.get('content-type')).toBe('application/json');
    expect(((await viaGet.json()) as { id: string }).id).toBe(file.id);
    expect((await fetch(file.urls.get)).status).toBe(401);

    const bytesUrl = `${file.urls.get}/download`;
    expect((await fetch(bytesUrl)).status).toBe(401);
    const downloaded = await fetch(bytesUrl, { headers: { Authorization: `Bearer ${h.emulator.token}` } });
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(bytes)).toBe(true);
    expect(downloaded.headers.get('content-type')).toBe('image/png');
  });

  it('works through the client for get, list and delete', async () => {
    const file = await upload(await pngOfSize(8, 8));
    expect((await h.replicate.files.get(file.id)).id).toBe(file.id);
    expect((await h.replicate.files.list()).results.map((f) => f.id)).toContain(file.id);
    expect(await h.replicate.files.delete(file.id)).toBe(true);
    await expect(h.replicate.files.get(file.id)).rejects.toThrow(/404/);
  });

  it('reads a Buffer upload as application/octet-stream, like the client sends it', async () => {
    const file = await h.replicate.files.create(await pngOfSize(8, 8));
    expect(file.content_type).toBe('application/octet-stream');
    expect((file as FileObject & { name: string }).name).toMatch(/^buffer_/);
  });

  it('answers 400 without a "content" part, or with metadata that is not a JSON object', async () => {
    const noContent = new FormData();
    noContent.append('other', new Blob(['x']), 'x.txt');
    const answer = await fetch(`${h.emulator.baseUrl}/files`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${h.emulator.token}` },
      body: noContent,
    });
    expect(answer.status).toBe(400);
    const badMetadata = new FormData();
    badMetadata.append('content', new Blob(['x'], { type: 'text/plain' }), 'x.txt');
    badMetadata.append('metadata', '[1,2]');
    const second = await fetch(`${h.emulator.baseUrl}/files`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${h.emulator.token}` },
      body: badMetadata,
    });
    expect(second.status).toBe(400);
    expect((await api(h.emulator, 'POST', '/files', { body: { not: 'multipart' } })).status).toBe(400);
  });

  it('forgets a file at expires_at', async () => {
    const file = await upload(await pngOfSize(8, 8));
    h.emulator.clock.advance(DAY_MS - 1000);
    expect((await h.replicate.files.get(file.id)).id).toBe(file.id);
    h.emulator.clock.advance(1000);
    await expect(h.replicate.files.get(file.id)).rejects.toThrow(/404/);
    const failed = await run({ prompt: 'x', image: file.urls.get });
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/could not be downloaded/);
  });
});

describe('image inputs', () => {
  it('accept an uploaded file (urls.get), and the output follows its size', async () => {
    const file = await upload(await pngOfSize(640, 480));
    const done = await run({ prompt: 'x', image: file.urls.get, output_format: 'png' });
    expect(done.status).toBe('succeeded');
    const { bytes } = await download((done.output as string[])[0] as string);
    expect(await sharp(bytes).metadata()).toMatchObject({ width: 640, height: 480 });
  });

  it('accept an earlier output (delivery URL) and a data URI', async () => {
    const first = await run({ prompt: 'x', megapixels: '0.25', aspect_ratio: '16:9' });
    const chained = await run({ prompt: 'y', image: (first.output as string[])[0] });
    expect(chained.status).toBe('succeeded');
    expect(chained.logs).toContain('Input image size: 672x384');
    const inline = await run({ prompt: 'y', image: dataUri(await pngOfSize(300, 200)) });
    expect(inline.logs).toContain('Input image size: 300x200');
  });

  it('treat equal image bytes as the same input, whatever the URL', async () => {
    const bytes = await pngOfSize(64, 64);
    const file = await upload(bytes);
    const viaFile = await run({ prompt: 'x', seed: 5, image: file.urls.get });
    const viaDataUri = await run({ prompt: 'x', seed: 5, image: dataUri(bytes) });
    const [a, b] = await Promise.all([viaFile, viaDataUri].map(async (p) => (await download((p.output as string[])[0] as string)).bytes));
    expect(a?.equals(b as Buffer)).toBe(true);
  });

  it('fail the prediction when the URL is not the emulator\'s own', async () => {
    for (const image of ['https://example.com/cat.png', `${h.emulator.origin}/delivery/xezq/nothing/out-0.webp`]) {
      const failed = await run({ prompt: 'x', image });
      expect(failed.status).toBe('failed');
      expect(failed.error).toBe(`Failed to download input "image": ${image} could not be downloaded`);
    }
  });

  it('fail the prediction when the bytes are not an image', async () => {
    const file = await upload(Buffer.from('hello, not an image'), 'notes.txt', 'text/plain');
    const failed = await run({ prompt: 'x', image: file.urls.get });
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe("cannot identify image file '/tmp/tmpinput/notes.txt'");
    const badMask = await run({ prompt: 'x', image: dataUri(await pngOfSize(32, 32)), mask: file.urls.get });
    expect(badMask.status).toBe('failed');
  });
});
