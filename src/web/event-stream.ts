// GET /api/events: Server-Sent Events, one `data:` line of ApiEvent JSON per event, to every open page.
// Each event is checked against the contract before it leaves, so a malformed one is logged, not sent.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiEventSchema } from '../api/contract';

/** A comment line now and then keeps proxies and idle timers from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

export class EventStreams {
  private readonly clients = new Set<ServerResponse>();
  private readonly keepalive: NodeJS.Timeout;

  constructor(private readonly log: (message: string) => void) {
    this.keepalive = setInterval(() => this.write(': keepalive\n\n'), KEEPALIVE_MS);
    this.keepalive.unref();
  }

  open(request: IncomingMessage, response: ServerResponse): void {
    response.statusCode = 200;
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Connection', 'keep-alive');
    response.flushHeaders();
    // Tells EventSource how long to wait before reconnecting after the host restarts.
    response.write('retry: 2000\n\n');
    this.clients.add(response);
    request.on('close', () => this.clients.delete(response));
  }

  broadcast(event: unknown): void {
    const checked = ApiEventSchema.safeParse(event);
    if (!checked.success) {
      this.log(`dropping an event that does not match the contract: ${checked.error.issues[0]?.message ?? ''}`);
      return;
    }
    this.write(`data: ${JSON.stringify(checked.data)}\n\n`);
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    clearInterval(this.keepalive);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private write(text: string): void {
    for (const client of this.clients) client.write(text);
  }
}
