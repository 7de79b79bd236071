// Downloading an output file as a stream: the size limit is enforced as bytes arrive (a runaway or
// hostile answer cannot fill the disk), and a URL that is gone says so in words a user understands.
// Whether the bytes are an image is decided by the blob store from the bytes themselves.
//
// A connection cut halfway through the body is not the end: output files never change, so the file is
// fetched again and the bytes already delivered are skipped (a few times at most). Without this a single
// dropped connection would lose a prediction that was already paid for.
import { ProviderError } from '../errors';
import { TransportError } from './transport-error';
import type { FetchLike } from './retrying-fetch';

export interface DownloadOptions {
  fetch: FetchLike;
  maxBytes: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Times a download whose body broke off is fetched again. */
export const MAX_DOWNLOAD_RESUMES = 3;

export async function openDownload(url: string, options: DownloadOptions): Promise<AsyncIterable<Uint8Array>> {
  return resuming(await openBody(url, options), url, options);
}

/** The body of `url`, after the status and the declared size are checked. */
async function openBody(url: string, options: DownloadOptions): Promise<ReadableStream<Uint8Array>> {
  let response: Response;
  try {
    response = await options.fetch(url, { signal: options.signal, ...(options.headers ? { headers: options.headers } : {}) });
  } catch (error) {
    if (error instanceof TransportError) throw new ProviderError('download', `cannot download ${url}: ${error.message.replace(/^\S+ \S+: /, '')}`, undefined, { cause: error });
    throw error;
  }
  if (response.status === 404 || response.status === 410) {
    await response.body?.cancel().catch(() => {});
    throw new ProviderError('download', `the output ${url} is gone (HTTP ${response.status}): Replicate deletes outputs an hour after a prediction`, response.status);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => {});
    throw new ProviderError('download', `downloading ${url} failed with HTTP ${response.status}`, response.status);
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > options.maxBytes) {
    await response.body.cancel().catch(() => {});
    throw tooLarge(url, options.maxBytes);
  }
  return response.body;
}

/** Yields the file's bytes once each, fetching it again after a break and skipping what was delivered. */
async function* resuming(first: ReadableStream<Uint8Array>, url: string, options: DownloadOptions): AsyncIterable<Uint8Array> {
  let body = first;
  let delivered = 0;
  for (let resumes = 0; ; resumes++) {
    let offset = 0;
    try {
      for await (const chunk of limited(body, url, options.maxBytes)) {
        const end = offset + chunk.length;
        if (end > delivered) {
          yield chunk.subarray(Math.max(0, delivered - offset));
          delivered = end;
        }
        offset = end;
      }
      return;
    } catch (error) {
      if (!(error instanceof BrokenOff) || resumes >= MAX_DOWNLOAD_RESUMES || options.signal?.aborted) throw error;
    }
    body = await openBody(url, options);
  }
}

class BrokenOff extends ProviderError {}

async function* limited(body: ReadableStream<Uint8Array>, url: string, maxBytes: number): AsyncIterable<Uint8Array> {
  const reader = body.getReader();
  let size = 0;
  try {
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw new BrokenOff('download', `the download of ${url} broke off: ${(error as Error).message}`, undefined, { cause: error });
      }
      if (chunk.done) return;
      size += chunk.value.length;
      if (size > maxBytes) throw tooLarge(url, maxBytes);
      yield chunk.value;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

function tooLarge(url: string, maxBytes: number): ProviderError {
  return new ProviderError('download', `the output ${url} is larger than ${Math.round(maxBytes / 1e6)} MB: refused`);
}

/** Decodes a `data:` URI (what Cog answers outputs with) into its bytes. */
export function decodeDataUri(uri: string): Uint8Array | undefined {
  const match = /^data:([^,]*),(.*)$/s.exec(uri);
  if (!match) return undefined;
  const meta = match[1] ?? '';
  const data = match[2] ?? '';
  return meta.endsWith(';base64') ? new Uint8Array(Buffer.from(data, 'base64')) : new TextEncoder().encode(decodeURIComponent(data));
}

export function encodeDataUri(bytes: Uint8Array, mediaType: string): string {
  return `data:${mediaType};base64,${Buffer.from(bytes).toString('base64')}`;
}
