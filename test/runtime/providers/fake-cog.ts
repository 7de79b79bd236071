// A tiny stand-in for a Cog container (node:http): synchronous POST /predictions answering data URIs,
// 409 while "busy", and GET /health-check. Every prediction answers the same small PNG.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import sharp from 'sharp';
import { afterEach } from 'vitest';

export interface FakeCog {
  url: string;
  /** The JSON bodies POSTed to /predictions, in order. */
  bodies: unknown[];
  /** How many POSTs to answer 409 before running. */
  busyFor: number;
  health: string;
  /** What a prediction answers (after the busy ones); by default a PNG whose colour depends on the prompt. */
  answer: (input: Record<string, unknown>) => { status: number; body: unknown } | Promise<{ status: number; body: unknown }>;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function startFakeCog(servers: Server[]): Promise<FakeCog> {
  const cog: FakeCog = {
    url: '',
    bodies: [],
    busyFor: 0,
    health: 'READY',
    answer: async (input) => {
      const shade = String(input.prompt ?? '').length % 256;
      const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: shade, g: 102, b: 153 } } }).png().toBuffer();
      return {
        status: 200,
        body: { status: 'succeeded', output: [`data:image/png;base64,${png.toString('base64')}`], logs: ' 50%|█████     | 2/4 [00:01<00:01,  2.00it/s]\n', error: null, metrics: { predict_time: 1.5 } },
      };
    },
  };
  const server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/health-check') return send(200, { status: cog.health, setup: { status: 'succeeded' } });
    if (req.method === 'POST' && req.url === '/predictions') {
      const body = (await readJson(req)) as { input: Record<string, unknown> };
      cog.bodies.push(body);
      if (cog.busyFor > 0) {
        cog.busyFor--;
        return send(409, { detail: 'Already running a prediction' });
      }
      const { status, body: answer } = await cog.answer(body.input);
      return send(status, answer);
    }
    send(404, { detail: 'Not Found' });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cog.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return cog;
}


/** A fresh fake Cog server per call, closed after the test. */
export function useFakeCog(): () => Promise<FakeCog> {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  });
  return () => startFakeCog(servers);
}
