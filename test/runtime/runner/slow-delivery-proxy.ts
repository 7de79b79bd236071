// A proxy in front of the emulator that can stall an output download halfway, so a test can kill the
// process downloading it at that moment. It forwards every request, and rewrites the emulator's origin
// to its own in answers (so output URLs lead back through it) and back again in requests (so the
// emulator still recognises its own URLs in prediction inputs).
import { createServer, type Server } from 'node:http';

export interface SlowDeliveryProxy {
  /** Use as REPLICATE_BASE_URL. */
  baseUrl: string;
  /** The `n`th output download (from 1) sends half its bytes, then nothing more. */
  stallDownload(n: number): void;
  /** Resolves once the stalled download has sent its first half. */
  stalled: Promise<void>;
  close(): Promise<void>;
}

export async function startSlowDeliveryProxy(emulatorOrigin: string): Promise<SlowDeliveryProxy> {
  let origin = '';
  let downloads = 0;
  let stallAt = Number.POSITIVE_INFINITY;
  let announceStall: () => void = () => {};
  const stalled = new Promise<void>((resolve) => (announceStall = resolve));
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name))) as Record<string, string>;
    const isJson = (headers['content-type'] ?? '').includes('application/json');
    const upstream = await fetch(`${emulatorOrigin}${req.url}`, {
      method: req.method ?? 'GET',
      headers,
      ...(body.length ? { body: isJson ? body.toString('utf8').replaceAll(origin, emulatorOrigin) : body } : {}),
    });
    let answer = Buffer.from(await upstream.arrayBuffer());
    if ((upstream.headers.get('content-type') ?? '').includes('application/json')) answer = Buffer.from(answer.toString('utf8').replaceAll(emulatorOrigin, origin));
    const out: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)) out[name] = value;
    });
    res.writeHead(upstream.status, { ...out, 'content-length': String(answer.length) });
    if (req.url?.startsWith('/delivery/') && ++downloads === stallAt) {
      res.write(answer.subarray(0, Math.floor(answer.length / 2)), () => announceStall());
      return; // and never the rest
    }
    res.end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    baseUrl: `${origin}/v1`,
    stallDownload: (n) => (stallAt = n),
    stalled,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
